import { fail, isRecord } from './args.js';

/** Block Kit limits Slack enforces, enough to catch what a real workspace would refuse. */
export const BLOCK_LIMITS = {
  messageBlocks: 50,
  viewBlocks: 100,
  sectionText: 3000,
  sectionFields: 10,
  sectionFieldText: 2000,
  headerText: 150,
  markdownText: 12000,
  contextElements: 10,
  actionsElements: 25,
  buttonText: 75,
  blockId: 255,
  actionId: 255,
  buttonValue: 2000,
  messageText: 40000,
  viewTitle: 24,
} as const;

const KNOWN_BLOCK_TYPES = new Set([
  'actions',
  'context',
  'context_actions',
  'divider',
  'file',
  'header',
  'image',
  'input',
  'markdown',
  'rich_text',
  'section',
  'table',
  'video',
]);

type Problems = string[];

function checkText(
  value: unknown,
  pointer: string,
  max: number,
  problems: Problems,
  plainOnly = false,
): void {
  if (!isRecord(value)) {
    problems.push(`must provide an object [json-pointer:${pointer}]`);
    return;
  }
  const type = value.type;
  if (type !== 'plain_text' && (plainOnly || type !== 'mrkdwn')) {
    problems.push(`must be a valid enum value [json-pointer:${pointer}/type]`);
  }
  const text = value.text;
  if (typeof text !== 'string' || text.length === 0) {
    problems.push(`must be more than 0 characters [json-pointer:${pointer}/text]`);
  } else if (text.length > max) {
    problems.push(`must be less than ${max + 1} characters [json-pointer:${pointer}/text]`);
  }
}

function checkElement(element: unknown, pointer: string, problems: Problems): void {
  if (!isRecord(element) || typeof element.type !== 'string') {
    problems.push(`must provide a valid element [json-pointer:${pointer}]`);
    return;
  }
  if (typeof element.action_id === 'string' && element.action_id.length > BLOCK_LIMITS.actionId) {
    problems.push(
      `must be less than ${BLOCK_LIMITS.actionId + 1} characters [json-pointer:${pointer}/action_id]`,
    );
  }
  if (element.type === 'button') {
    checkText(element.text, `${pointer}/text`, BLOCK_LIMITS.buttonText, problems, true);
    if (typeof element.value === 'string' && element.value.length > BLOCK_LIMITS.buttonValue) {
      problems.push(
        `must be less than ${BLOCK_LIMITS.buttonValue + 1} characters [json-pointer:${pointer}/value]`,
      );
    }
  }
}

function checkBlock(block: unknown, pointer: string, problems: Problems, blockIds: Set<string>): void {
  if (!isRecord(block) || typeof block.type !== 'string' || !KNOWN_BLOCK_TYPES.has(block.type)) {
    problems.push(`must provide a valid block type [json-pointer:${pointer}/type]`);
    return;
  }
  if (typeof block.block_id === 'string') {
    if (block.block_id.length > BLOCK_LIMITS.blockId) {
      problems.push(
        `must be less than ${BLOCK_LIMITS.blockId + 1} characters [json-pointer:${pointer}/block_id]`,
      );
    }
    if (blockIds.has(block.block_id)) problems.push(`duplicate block_id [json-pointer:${pointer}/block_id]`);
    blockIds.add(block.block_id);
  }
  const elements = Array.isArray(block.elements) ? block.elements : [];
  switch (block.type) {
    case 'section': {
      const fields = Array.isArray(block.fields) ? block.fields : undefined;
      if (block.text === undefined && fields === undefined) {
        problems.push(`must provide text or fields [json-pointer:${pointer}]`);
      }
      if (block.text !== undefined)
        checkText(block.text, `${pointer}/text`, BLOCK_LIMITS.sectionText, problems);
      if (fields && fields.length > BLOCK_LIMITS.sectionFields) {
        problems.push(
          `must provide no more than ${BLOCK_LIMITS.sectionFields} items [json-pointer:${pointer}/fields]`,
        );
      }
      fields?.forEach((field, i) => {
        checkText(field, `${pointer}/fields/${i}`, BLOCK_LIMITS.sectionFieldText, problems);
      });
      if (block.accessory !== undefined) checkElement(block.accessory, `${pointer}/accessory`, problems);
      break;
    }
    case 'header':
      checkText(block.text, `${pointer}/text`, BLOCK_LIMITS.headerText, problems, true);
      break;
    case 'markdown':
      if (typeof block.text !== 'string' || block.text.length > BLOCK_LIMITS.markdownText) {
        problems.push(
          `must be between 1 and ${BLOCK_LIMITS.markdownText} characters [json-pointer:${pointer}/text]`,
        );
      }
      break;
    case 'context':
      if (elements.length === 0 || elements.length > BLOCK_LIMITS.contextElements) {
        problems.push(
          `must provide 1 to ${BLOCK_LIMITS.contextElements} items [json-pointer:${pointer}/elements]`,
        );
      }
      break;
    case 'actions':
      if (elements.length === 0 || elements.length > BLOCK_LIMITS.actionsElements) {
        problems.push(
          `must provide 1 to ${BLOCK_LIMITS.actionsElements} items [json-pointer:${pointer}/elements]`,
        );
      }
      elements.forEach((element, i) => {
        checkElement(element, `${pointer}/elements/${i}`, problems);
      });
      break;
    case 'input':
      checkText(block.label, `${pointer}/label`, 2000, problems, true);
      checkElement(block.element, `${pointer}/element`, problems);
      break;
    default:
      break;
  }
}

/** Throws `invalid_blocks` (with Slack-style `errors`) when the blocks would be refused. */
export function assertValidBlocks(blocks: unknown, surface: 'message' | 'view'): unknown[] | undefined {
  if (blocks === undefined || blocks === '') return undefined;
  if (!Array.isArray(blocks)) fail(surface === 'message' ? 'invalid_blocks_format' : 'invalid_arguments');
  const max = surface === 'message' ? BLOCK_LIMITS.messageBlocks : BLOCK_LIMITS.viewBlocks;
  const base = surface === 'message' ? '/blocks' : '/view/blocks';
  const problems: Problems = [];
  if (blocks.length > max) problems.push(`must provide no more than ${max} items [json-pointer:${base}]`);
  const blockIds = new Set<string>();
  blocks.forEach((block, i) => {
    checkBlock(block, `${base}/${i}`, problems, blockIds);
  });
  if (problems.length > 0) {
    const code = surface === 'message' ? 'invalid_blocks' : 'invalid_arguments';
    fail(code, { errors: problems, response_metadata: { messages: problems.map((p) => `[ERROR] ${p}`) } });
  }
  return blocks;
}
