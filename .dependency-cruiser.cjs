/**
 * The house plan, enforced (`npm run lint`): data flows down the layers and
 * never back up, and no file imports itself round a circle.
 *
 *   index (public entry) → api, cli (→ ui, lazily) → report → orchestrator → model, engine → errors
 *   core: runs inside containers and imports nothing from the rest.
 */
const layer = (name) => `^src/${name}/`;
const wrongWay = (name, from, to, comment) => ({
  name,
  comment,
  severity: "error",
  from: { path: from },
  to: { path: to },
});

module.exports = {
  forbidden: [
    {
      name: "no-circular",
      comment: "An import cycle: split the shared part into a file both import.",
      severity: "error",
      from: {},
      to: { circular: true },
    },
    wrongWay(
      "core-imports-nothing-else",
      layer("core"),
      "^src/(?!core/)",
      "The Container Control Core is bundled into one file that runs inside containers.",
    ),
    wrongWay(
      "model-stays-below",
      layer("model"),
      "^src/(engine|orchestrator|report|cli|api|ccc-scaffold|init)/",
      "The model (services, validation, graph, Context) knows no engine and no front end.",
    ),
    wrongWay(
      "engine-stays-below",
      layer("engine"),
      "^src/(model|orchestrator|report|cli|api)/",
      "The engine talks to Docker in its own types; the orchestrator maps the model to them.",
    ),
    wrongWay(
      "orchestrator-renders-nothing",
      layer("orchestrator"),
      "^src/(report|cli|api)/",
      "The orchestrator decides and emits events; the front ends render.",
    ),
    wrongWay(
      "report-is-neutral",
      layer("report"),
      "^src/(cli|api|engine)/",
      "Summary and event wording is shared by the CLI and the API and depends on neither.",
    ),
    wrongWay(
      "ui-is-a-front-end",
      layer("ui"),
      "^src/(cli|api)/",
      "The ui server is a front end beside the CLI and the API: it calls the orchestrator as they do.",
    ),
    wrongWay(
      "nothing-below-knows-the-ui",
      "^src/(?!ui/|cli/)",
      "^src/ui/",
      "Only the CLI starts the ui server (`boss ui`, loaded lazily).",
    ),
    wrongWay(
      "ui-page-runs-in-the-browser",
      layer("ui/page"),
      "^src/(?!ui/page/)",
      "The page is bundled for the browser: it knows the server only by what it sends (page/wire.ts).",
    ),
    wrongWay("api-is-no-cli", layer("api"), "^src/cli/", "The API and the CLI are sibling front ends."),
    wrongWay("cli-is-no-api", layer("cli"), "^src/api/", "The API and the CLI are sibling front ends."),
    wrongWay(
      "errors-import-nothing",
      "^src/errors\\.ts$",
      "^src/",
      "Typed errors are the bottom of the house: every layer may throw them.",
    ),
  ],
  options: {
    includeOnly: "^src/",
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
    doNotFollow: { path: "node_modules" },
  },
};
