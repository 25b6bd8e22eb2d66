// Lint = typescript-eslint's type-aware recommended rules; zero warnings allowed (npm run lint).
import js from "@eslint/js";
import tseslint from "typescript-eslint";
import globals from "globals";

export default tseslint.config(
  // ccc-core.cjs and ccc-adapter.cjs: bundles `boss ccc init` copies into image folders (examples/controlled/feed).
  {
    ignores: [
      "dist/",
      "**/dist/",
      "node_modules/",
      "**/node_modules/",
      "bench/results/",
      "coverage/",
      "**/ccc-core.cjs",
      "**/ccc-adapter.cjs",
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      globals: globals.node,
      parserOptions: {
        projectService: { allowDefaultProject: ["*.js", "scripts/*.mjs"] },
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "@typescript-eslint/consistent-type-imports": "error",
    },
  },
  {
    // node:test's describe() and it() return promises the runner awaits itself.
    files: ["test/**/*.ts", "integration-tests/**/*.ts"],
    rules: { "@typescript-eslint/no-floating-promises": "off" },
  },
  {
    // The page of `boss ui` runs in the browser (its own tsconfig has the DOM).
    files: ["src/ui/page/**/*.ts"],
    languageOptions: { globals: globals.browser },
  },
  {
    files: ["**/*.js", "**/*.mjs", "**/*.cjs"],
    ...tseslint.configs.disableTypeChecked,
  },
);
