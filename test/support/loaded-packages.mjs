// Preloaded into a child process by tests (`node --import`): on exit, prints the npm packages the process loaded
// through the CommonJS loader (botbuilder and the other Teams SDKs are CommonJS), as `LOADED_PACKAGES [...]`.
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
process.on('exit', () => {
  const names = new Set();
  for (const file of Object.keys(require.cache)) {
    const match = /node_modules[\\/]((?:@[^\\/]+[\\/])?[^\\/]+)[\\/]/.exec(file);
    if (match) names.add(match[1].replace('\\', '/'));
  }
  process.stderr.write(`LOADED_PACKAGES ${JSON.stringify([...names].sort())}\n`);
});
