/**
 * Builds the Teams app package: `npm run teams:package`.
 *
 * Reads manifest/teams/manifest.json, adds the bot's command menus generated from the command grammar
 * (src/commands/hr-commands.ts: a new command needs no manifest edit), fills its {{PLACEHOLDERS}} from the
 * environment, validates the result
 * offline against the official schema shipped by @microsoft/app-manifest, checks the icons, and writes
 * manifest/teams/build/triad-teams.zip with manifest.json, color.png and outline.png at its root.
 *
 * Environment: TEAMS_APP_ID (GUID, required), TEAMS_BOT_ID (GUID, defaults to TEAMS_APP_ID),
 * PUBLIC_HOSTNAME (host serving /api/messages, e.g. triad.example.com; required). `--out <file>` overrides the path.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import AjvDraft04 from 'ajv-draft-04';
import ajvFormats from 'ajv-formats';
import JSZip from 'jszip';
import { hrCommands } from '../src/commands/hr-commands.js';

// Both packages are CommonJS with `module.exports = X` and `X.default = X`; NodeNext types only `.default`.
const Ajv = AjvDraft04.default;
const addFormats = ajvFormats.default;

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const TEAMS_MANIFEST_DIR = join(ROOT, 'manifest', 'teams');
export const DEFAULT_PACKAGE_PATH = join(TEAMS_MANIFEST_DIR, 'build', 'triad-teams.zip');
export const ICONS = { 'color.png': 192, 'outline.png': 32 } as const;

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const HOSTNAME = /^(?=.{1,253}$)[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)+$/i;
/** Fixed timestamp for zip entries, so the same inputs give the same bytes. */
const ZIP_DATE = new Date('2020-01-01T00:00:00Z');

export type TeamsManifest = Record<string, unknown> & { manifestVersion: string };

export class TeamsPackageError extends Error {}

/**
 * The Microsoft Graph **application** permissions Triad's Entra app registration asks for, each with the reason
 * (manifest/teams/README.md explains them to a tenant admin). They are tenant-wide permissions granted by admin
 * consent, not resource-specific consent: they belong in the app registration's API permissions, never in the
 * manifest's `authorization.permissions`. The manifest carries only `webApplicationInfo`, which Teams requires
 * before an app may install itself through Graph.
 */
export const GRAPH_APPLICATION_PERMISSIONS = {
  'Chat.Create': 'create the sponsor and coaching group chats with exactly the right people',
  'TeamsAppInstallation.ReadWriteSelfForChat.All': 'add Triad to the group chats it created',
  'ChatMember.ReadWrite.All':
    'add and remove the coach in the sponsor chat when the coach is chosen or changes',
  'TeamsAppInstallation.ReadWriteSelfForUser.All':
    'install Triad for a client, sponsor or coach who never opened it, so their 1:1 chat exists',
  'Chat.ReadBasic.All':
    'find a chat it made again (topic and members, no messages) after a crash between Graph answering and Triad storing it',
  'User.Read.All':
    'find a person HR names by e-mail, and whether they are a guest, so the chats give them the role Graph requires',
  'AppCatalog.Read.All':
    "find Triad's id in the tenant's app catalog (an app the organisation published has its own)",
} as const;

/** Teams shows at most this many commands in one list. */
export const MAX_TEAMS_COMMANDS = 10;

interface TeamsCommand {
  title: string;
  description: string;
}

/**
 * The bot's command menus, from the grammar table: in a 1:1 chat HR's commands in the table's order (the first
 * nine and `help`, within Teams' limit of ten), in group chats and teams only `help`.
 */
export function teamsCommandLists(): Array<{ scopes: string[]; commands: TeamsCommand[] }> {
  const asMenu = (spec: (typeof hrCommands)[number]) => ({ title: spec.name, description: spec.summary });
  const help = hrCommands.find((spec) => spec.name === 'help');
  const others = hrCommands
    .filter((spec) => spec !== help)
    .slice(0, help ? MAX_TEAMS_COMMANDS - 1 : MAX_TEAMS_COMMANDS);
  return [
    { scopes: ['personal'], commands: [...others, ...(help ? [help] : [])].map(asMenu) },
    {
      scopes: ['groupChat', 'team'],
      commands: [{ title: 'help', description: 'What Triad does in this chat and who can see what.' }],
    },
  ];
}

/** The manifest with its bot's command menus generated from the grammar (the source file holds none). */
export function withCommandLists(source: TeamsManifest): TeamsManifest {
  const bots = (source.bots ?? []) as Array<Record<string, unknown>>;
  return { ...source, bots: bots.map((bot) => ({ ...bot, commandLists: teamsCommandLists() })) };
}

/** The values the placeholders take, checked; throws a TeamsPackageError naming every problem. */
export function placeholderValues(env: NodeJS.ProcessEnv, appVersion: string): Record<string, string> {
  const appId = env.TEAMS_APP_ID?.trim() ?? '';
  const botId = env.TEAMS_BOT_ID?.trim() || appId;
  const hostname = env.PUBLIC_HOSTNAME?.trim() ?? '';
  const problems: string[] = [];
  if (!GUID.test(appId)) problems.push('TEAMS_APP_ID must be a GUID (the Teams app id).');
  if (!GUID.test(botId)) problems.push("TEAMS_BOT_ID must be a GUID (the bot's Microsoft App ID).");
  if (!HOSTNAME.test(hostname)) problems.push('PUBLIC_HOSTNAME must be a host name like triad.example.com.');
  if (problems.length > 0) throw new TeamsPackageError(problems.join('\n'));
  return {
    TEAMS_APP_ID: appId,
    TEAMS_BOT_ID: botId,
    PUBLIC_HOSTNAME: hostname.toLowerCase(),
    APP_VERSION: appVersion,
  };
}

/** Replaces `{{NAME}}` in every string of the manifest (never in its structure); unknown names are errors. */
export function fillPlaceholders(value: unknown, values: Record<string, string>): unknown {
  if (typeof value === 'string') {
    return value.replace(/\{\{([A-Z_]+)\}\}/g, (_match, name: string) => {
      const replacement = values[name];
      if (replacement === undefined)
        throw new TeamsPackageError(`Unknown placeholder {{${name}}} in the manifest.`);
      return replacement;
    });
  }
  if (Array.isArray(value)) return value.map((item) => fillPlaceholders(item, values));
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => [key, fillPlaceholders(item, values)]),
    );
  }
  return value;
}

/** Path of the official schema for a manifest version, as shipped by @microsoft/app-manifest. */
export function schemaPath(manifestVersion: string): string {
  const packageJson = createRequire(import.meta.url).resolve('@microsoft/app-manifest/package.json');
  return join(
    dirname(packageJson),
    'build',
    'json-schemas',
    'teams',
    `v${manifestVersion}`,
    'MicrosoftTeams.schema.json',
  );
}

/** Schema errors of a filled-in manifest (empty when valid). The Teams schemas are JSON Schema draft-04. */
export async function validateTeamsManifest(manifest: TeamsManifest): Promise<string[]> {
  const schema = JSON.parse(await readFile(schemaPath(manifest.manifestVersion), 'utf8'));
  const ajv = new Ajv({ allErrors: true, strictTypes: false });
  addFormats(ajv, ['uri', 'email', 'regex']);
  const validate = ajv.compile(schema);
  if (validate(manifest)) return [];
  return (validate.errors ?? []).map((error) => `${error.instancePath || '/'} ${error.message ?? ''}`.trim());
}

/** Width and height from a PNG's IHDR chunk. */
export function pngSize(png: Buffer): { width: number; height: number } {
  const signature = '89504e470d0a1a0a';
  if (
    png.subarray(0, 8).toString('hex') !== signature ||
    png.subarray(12, 16).toString('latin1') !== 'IHDR'
  ) {
    throw new TeamsPackageError('Not a PNG file.');
  }
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}

export interface BuiltPackage {
  outFile: string;
  manifest: TeamsManifest;
}

export async function buildTeamsPackage(
  env: NodeJS.ProcessEnv,
  outFile = DEFAULT_PACKAGE_PATH,
): Promise<BuiltPackage> {
  const { version } = JSON.parse(await readFile(join(ROOT, 'package.json'), 'utf8')) as { version: string };
  const source = JSON.parse(await readFile(join(TEAMS_MANIFEST_DIR, 'manifest.json'), 'utf8'));
  const manifest = fillPlaceholders(
    withCommandLists(source),
    placeholderValues(env, version),
  ) as TeamsManifest;
  const errors = await validateTeamsManifest(manifest);
  if (errors.length > 0)
    throw new TeamsPackageError(`The manifest does not match its schema:\n${errors.join('\n')}`);

  const zip = new JSZip();
  zip.file('manifest.json', `${JSON.stringify(manifest, null, 2)}\n`, { date: ZIP_DATE });
  for (const [name, size] of Object.entries(ICONS)) {
    const icon = await readFile(join(TEAMS_MANIFEST_DIR, name));
    const { width, height } = pngSize(icon);
    if (width !== size || height !== size) {
      throw new TeamsPackageError(`${name} is ${width}x${height}; Teams requires ${size}x${size}.`);
    }
    zip.file(name, icon, { date: ZIP_DATE });
  }
  const bytes = await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE', platform: 'UNIX' });
  await mkdir(dirname(outFile), { recursive: true });
  await writeFile(outFile, bytes);
  return { outFile, manifest };
}

async function main(): Promise<void> {
  const outIndex = process.argv.indexOf('--out');
  const outFile = outIndex > 0 ? process.argv[outIndex + 1] : undefined;
  try {
    const built = await buildTeamsPackage(process.env, outFile ? resolve(outFile) : undefined);
    console.log(`Teams app package written to ${built.outFile}`);
  } catch (error) {
    if (!(error instanceof TeamsPackageError)) throw error;
    console.error(error.message);
    process.exitCode = 1;
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await main();
}
