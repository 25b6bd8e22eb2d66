import { render } from "preact";
import { App } from "./app.js";
import { html } from "./html.js";
import { styles } from "./styles.js";

const sheet = document.createElement("style");
sheet.textContent = styles;
document.head.append(sheet);
const root = document.getElementById("app");
if (root) {
  root.textContent = "";
  render(html`<${App} />`, root);
}
