import { defineConfig } from "vitest/config";

// React's automatic JSX runtime through esbuild; no plugin needed for a production build.
// `base: "/"`: the node serves dist/ at its root (see README.md).
export default defineConfig({
  base: "/",
  // keepNames: error classes keep their names (new.target.name), so messages name the real class
  esbuild: { jsx: "automatic", keepNames: true },
  build: {
    outDir: "dist",
    emptyOutDir: true,
    sourcemap: false,
    chunkSizeWarningLimit: 1500,
    rollupOptions: {
      // @scure/base's /* @__PURE__ */ comments sit where Rollup cannot use them: harmless noise
      onwarn(warning, warn) {
        if (warning.code !== "INVALID_ANNOTATION") warn(warning);
      },
    },
  },
  test: {
    include: ["test/**/*.test.ts"],
    environment: "node",
  },
});
