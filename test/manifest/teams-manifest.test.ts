import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import AjvDraft04 from 'ajv-draft-04';
import ajvFormats from 'ajv-formats';
import JSZip from 'jszip';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { drawColorIcon, drawOutlineIcon } from '../../manifest/teams/generate-icons.js';
import {
  fillPlaceholders,
  GRAPH_APPLICATION_PERMISSIONS,
  MAX_TEAMS_COMMANDS,
  placeholderValues,
  schemaPath,
  TEAMS_MANIFEST_DIR,
  type TeamsManifest,
  withCommandLists,
} from '../../scripts/build-teams-package.js';
import { hrCommandNames } from '../../src/commands/dm-words.js';

const APP_ID = '0f8b6c3a-2d4e-4f1a-9b7c-5e6d7f8a9b0c';
const BOT_ID = '7c6b5a49-3827-4165-a4b3-c2d1e0f9a8b7';
const HOSTNAME = 'triad.example.com';
const TEST_ENV = { TEAMS_APP_ID: APP_ID, TEAMS_BOT_ID: BOT_ID, PUBLIC_HOSTNAME: HOSTNAME };

type Bot = {
  botId: string;
  scopes: string[];
  commandLists: Array<{ scopes: string[]; commands: Array<Command> }>;
};
type Command = { title: string; description?: string };

let source: string;
let manifest: TeamsManifest & {
  bots: Bot[];
  validDomains: string[];
  icons: Record<string, string>;
  webApplicationInfo?: { id: string; resource: string };
};
let validate: (candidate: unknown) => string[];

beforeAll(async () => {
  source = await readFile(join(TEAMS_MANIFEST_DIR, 'manifest.json'), 'utf8');
  manifest = fillPlaceholders(
    withCommandLists(JSON.parse(source)),
    placeholderValues(TEST_ENV, '1.2.3'),
  ) as typeof manifest;
  const schema = JSON.parse(await readFile(schemaPath(manifest.manifestVersion), 'utf8'));
  expect(schema.$schema).toBe('http://json-schema.org/draft-04/schema#');
  const ajv = new AjvDraft04.default({ allErrors: true, strictTypes: false });
  ajvFormats.default(ajv, ['uri', 'email', 'regex']);
  const compiled = ajv.compile(schema);
  validate = (candidate) =>
    compiled(candidate) ? [] : (compiled.errors ?? []).map((e) => `${e.instancePath} ${e.message}`);
});

describe('the Teams manifest', () => {
  it('is valid, offline, against the official schema of its version', () => {
    expect(validate(manifest)).toEqual([]);
  });

  it('uses the newest stable schema version that @microsoft/app-manifest ships', async () => {
    const teamsSchemas = dirname(dirname(schemaPath(manifest.manifestVersion)));
    const versions = (await readdir(teamsSchemas))
      .filter((name) => /^v\d+\.\d+$/.test(name))
      .map((name) => name.slice(1));
    const newest = versions.sort((a, b) => Number(a.split('.')[1]) - Number(b.split('.')[1])).at(-1);

    expect(manifest.manifestVersion).toBe(newest);
    expect(manifest.$schema).toContain(`/v${newest}/MicrosoftTeams.schema.json`);
  });

  it.each([
    [
      'a bot id that is not a GUID',
      (m: typeof manifest) => Object.assign(m.bots[0] as Bot, { botId: 'triad-bot' }),
    ],
    [
      'a webApplicationInfo id that is not a GUID',
      (m: typeof manifest) => Object.assign(m, { webApplicationInfo: { id: 'triad', resource: 'api://x' } }),
    ],
    [
      'another manifest version than its schema',
      (m: typeof manifest) => Object.assign(m, { manifestVersion: '1.29' }),
    ],
    [
      'a property the schema does not know',
      (m: typeof manifest) => Object.assign(m, { webhook: 'https://x' }),
    ],
    [
      'more than 12 commands in one list',
      (m: typeof manifest) => {
        const list = (m.bots[0] as Bot).commandLists[0];
        list?.commands.push(...Array.from({ length: 12 }, (_, i) => ({ title: `extra${i}` })));
      },
    ],
  ])('would be rejected by the schema with %s', (_case, breakIt) => {
    const broken = structuredClone(manifest);
    breakIt(broken);
    expect(validate(broken)).not.toEqual([]);
  });

  it('lists the HR commands of the grammar in its order (the first nine and help: Teams shows ten), each described, in the personal scope', () => {
    const lists = (manifest.bots[0] as Bot).commandLists;
    const personal = lists.find((list) => list.scopes.includes('personal'));
    const menu = [
      ...hrCommandNames.filter((name) => name !== 'help').slice(0, MAX_TEAMS_COMMANDS - 1),
      'help',
    ];

    expect(personal?.commands.map((command) => command.title)).toEqual(menu);
    expect(lists.every((list) => list.commands.length <= MAX_TEAMS_COMMANDS)).toBe(true);
    expect(personal?.commands.every((command) => (command.description ?? '').length > 10)).toBe(true);
    const shared = lists
      .filter((list) => list !== personal)
      .flatMap((list) => list.commands.map((c) => c.title));
    expect(shared).toEqual(['help']);
  });

  it('installs a conversational bot for 1:1 chats, group chats and teams', () => {
    const [bot] = manifest.bots;
    expect(bot?.botId).toBe(BOT_ID);
    expect(bot?.scopes.sort()).toEqual(['groupChat', 'personal', 'team']);
    expect(manifest.id).toBe(APP_ID);
    expect(manifest.version).toBe('1.2.3');
    expect(manifest.validDomains).toEqual([HOSTNAME]);
  });

  it("names the bot's Entra app in webApplicationInfo (what Graph requires before Triad installs itself), with the bot id resource on Triad's own host", () => {
    expect(manifest.webApplicationInfo).toEqual({
      id: BOT_ID,
      resource: `api://${HOSTNAME}/botid-${BOT_ID}`,
    });
  });

  it('asks for no resource-specific consent: the Graph permissions are tenant-wide ones, granted by admin consent on the app registration', () => {
    expect(manifest).not.toHaveProperty('authorization');
    expect(Object.keys(GRAPH_APPLICATION_PERMISSIONS).sort()).toEqual([
      'AppCatalog.Read.All',
      'Chat.Create',
      'Chat.ReadBasic.All',
      'ChatMember.ReadWrite.All',
      'TeamsAppInstallation.ReadWriteSelfForChat.All',
      'TeamsAppInstallation.ReadWriteSelfForUser.All',
      'User.Read.All',
    ]);
  });

  it('explains each Graph permission to the tenant admin in its README, and nothing Triad does not ask for', async () => {
    const readme = await readFile(join(TEAMS_MANIFEST_DIR, 'README.md'), 'utf8');
    for (const permission of Object.keys(GRAPH_APPLICATION_PERMISSIONS)) {
      expect(readme, permission).toContain(`\`${permission}\``);
    }
    const named = new Set(
      readme.match(
        /\b(?:Chat|ChatMember|TeamsAppInstallation|ChatMessage|User|Group|AppCatalog)\.[A-Za-z.]+[A-Za-z]/g,
      ),
    );
    const extra = [...named].filter((name) => !(name in GRAPH_APPLICATION_PERMISSIONS));
    expect(extra).toEqual([]);
    expect(readme).toContain('/v2.0/adminconsent?client_id=');
  });

  it('has no command menus in its source: they are generated from the grammar, so a new command needs no edit', () => {
    expect(JSON.parse(source).bots[0].commandLists).toBeUndefined();
  });

  it('keeps every id and host as a placeholder in the source', () => {
    expect(source).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i);
    const names = new Set([...source.matchAll(/\{\{([A-Z_]+)\}\}/g)].map((match) => match[1]));
    expect([...names].sort()).toEqual(['APP_VERSION', 'PUBLIC_HOSTNAME', 'TEAMS_APP_ID', 'TEAMS_BOT_ID']);
  });

  it('defaults the bot id to the app id and refuses bad values', () => {
    expect(placeholderValues({ TEAMS_APP_ID: APP_ID, PUBLIC_HOSTNAME: HOSTNAME }, '1.0.0').TEAMS_BOT_ID).toBe(
      APP_ID,
    );
    expect(() =>
      placeholderValues({ TEAMS_APP_ID: APP_ID, PUBLIC_HOSTNAME: `https://${HOSTNAME}/` }, '1.0.0'),
    ).toThrow(/PUBLIC_HOSTNAME/);
  });
});

describe('the Teams icons', () => {
  const read = async (name: string) => PNG.sync.read(await readFile(join(TEAMS_MANIFEST_DIR, name)));

  it('are a 192x192 colour icon and a 32x32 outline icon', async () => {
    const color = await read(manifest.icons.color ?? '');
    const outline = await read(manifest.icons.outline ?? '');

    expect([color.width, color.height]).toEqual([192, 192]);
    expect([outline.width, outline.height]).toEqual([32, 32]);
  });

  it('draw the outline in white on transparency only', async () => {
    const { data } = await read('outline.png');
    const pixels = Array.from({ length: data.length / 4 }, (_, i) => [...data.subarray(i * 4, i * 4 + 4)]);
    const visible = pixels.filter(([, , , alpha]) => (alpha ?? 0) > 0);

    expect(visible.length).toBeGreaterThan(50);
    expect(visible.length).toBeLessThan(pixels.length / 2);
    expect(visible.every(([r, g, b]) => r === 255 && g === 255 && b === 255)).toBe(true);
  });

  it('are what the generator draws, so they can be regenerated', async () => {
    expect(PNG.sync.read(drawColorIcon()).data).toEqual((await read('color.png')).data);
    expect(PNG.sync.read(drawOutlineIcon()).data).toEqual((await read('outline.png')).data);
  });
});

describe('npm run teams:package', () => {
  const run = promisify(execFile);
  const script = join(TEAMS_MANIFEST_DIR, '..', '..', 'scripts', 'build-teams-package.ts');
  let workDir: string;
  const cleanEnv = () => {
    const { TEAMS_APP_ID: _a, TEAMS_BOT_ID: _b, PUBLIC_HOSTNAME: _c, ...rest } = process.env;
    return rest;
  };
  const build = (env: NodeJS.ProcessEnv, outFile: string) =>
    run(process.execPath, ['--import', 'tsx', script, '--out', outFile], { env });

  beforeAll(async () => {
    workDir = await mkdtemp(join(tmpdir(), 'triad-teams-'));
  });

  afterAll(async () => {
    await rm(workDir, { recursive: true, force: true });
  });

  it('writes a zip with manifest.json and both icons at its root', async () => {
    const outFile = join(workDir, 'triad-teams.zip');

    await build({ ...cleanEnv(), ...TEST_ENV }, outFile);

    const zip = await JSZip.loadAsync(await readFile(outFile));
    expect(Object.keys(zip.files).sort()).toEqual(['color.png', 'manifest.json', 'outline.png']);
    const packaged = JSON.parse((await zip.file('manifest.json')?.async('string')) ?? '{}');
    expect(validate(packaged)).toEqual([]);
    expect(JSON.stringify(packaged)).not.toContain('{{');
    expect(packaged.bots[0].botId).toBe(BOT_ID);
    const icon = await zip.file('outline.png')?.async('nodebuffer');
    expect(icon?.equals(await readFile(join(TEAMS_MANIFEST_DIR, 'outline.png')))).toBe(true);
  });

  it('fails with a clear message and writes nothing when the ids are missing', async () => {
    const outFile = join(workDir, 'missing.zip');

    const failure = await build(cleanEnv(), outFile).catch(
      (error: { code: number; stderr: string }) => error,
    );

    expect(failure).toMatchObject({ code: 1 });
    expect((failure as { stderr: string }).stderr).toMatch(
      /TEAMS_APP_ID must be a GUID[\s\S]*PUBLIC_HOSTNAME/,
    );
    await expect(readFile(outFile)).rejects.toThrow(/ENOENT/);
  });
});
