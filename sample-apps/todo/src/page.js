// The HTML page: a list, a form, and a few lines of script over the JSON API.

/** @param {string} text */
function escapeHtml(text) {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** @param {string} owner @returns {string} */
export function renderPage(owner) {
  return `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>Todos</title>
  <style>
    body { font-family: system-ui, sans-serif; max-width: 32rem; margin: 3rem auto; }
    li.done span { text-decoration: line-through; color: #888; }
    li button { margin-left: .5rem; }
  </style>
</head>
<body>
  <h1>Todos</h1>
  <p>Owner: <strong>${escapeHtml(owner)}</strong></p>
  <form id="add"><input name="title" placeholder="What needs doing?" required> <button>Add</button></form>
  <ul id="todos"></ul>
  <script>
    const list = document.getElementById("todos");
    async function refresh() {
      const todos = await (await fetch("/api/todos")).json();
      list.replaceChildren(...todos.map((todo) => {
        const item = document.createElement("li");
        item.className = todo.done ? "done" : "";
        const title = document.createElement("span");
        title.textContent = todo.title;
        item.append(title);
        if (!todo.done) {
          const done = document.createElement("button");
          done.textContent = "done";
          done.onclick = async () => { await fetch("/api/todos/" + todo.id + "/complete", { method: "POST" }); refresh(); };
          item.append(done);
        }
        return item;
      }));
    }
    document.getElementById("add").onsubmit = async (event) => {
      event.preventDefault();
      const input = event.target.elements.title;
      await fetch("/api/todos", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ title: input.value }) });
      input.value = "";
      refresh();
    };
    refresh();
  </script>
</body>
</html>
`;
}
