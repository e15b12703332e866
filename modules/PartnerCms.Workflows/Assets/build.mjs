// Bundles the workflow editor, run page and statistics chart (with Drawflow, dagre and Chart.js from npm) into
// ../wwwroot/dist, served as /_content/PartnerCms.Workflows/dist/…. Run by the module's build (see the .csproj).
import { build } from 'esbuild';

await build({
  entryPoints: { editor: 'src/editor.js', instance: 'src/instance.js', stats: 'src/stats.js' },
  bundle: true,
  minify: true,
  format: 'iife',
  target: ['chrome110', 'firefox110', 'safari16'],
  outdir: '../wwwroot/dist',
  legalComments: 'linked',
  logLevel: 'warning',
});
