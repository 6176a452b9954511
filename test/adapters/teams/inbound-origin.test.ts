import { describe, expect, it } from 'vitest';
import { checkOrigin, type SpaceOf, settleTenant } from '../../../adapters/teams/inbound-origin.js';

const CLIENT = 'aaaaaaaa-0000-4000-8000-000000000001';
const FIRM = 'bbbbbbbb-0000-4000-8000-000000000002';
const OTHER = 'cccccccc-0000-4000-8000-000000000003';
const CHAT = '19:chat@thread.v2';

/** The chat is the client's engagement space; Lee (29:lee) is one of its people, of the firm's tenant. */
const spaceOf: SpaceOf = async (conversationId, senderIds, claimed) => {
  if (conversationId !== CHAT) return undefined;
  const lee = senderIds.includes('29:lee') && claimed.some((id) => id !== CLIENT);
  return { tenantId: CLIENT, senderHomeTenantId: lee ? FIRM : undefined };
};
const served = async (tenantId: string) => tenantId === CLIENT;

const activity = (
  from: string,
  tenants: { conversation?: string; channelData?: unknown },
  conversationType = 'groupChat',
) => ({
  channelId: 'msteams',
  from: { id: from },
  conversation: { id: CHAT, conversationType, tenantId: tenants.conversation ?? CLIENT },
  channelData: { tenant: { id: tenants.channelData ?? CLIENT } },
});

describe('checkOrigin', () => {
  it.each([
    ['the chat’s tenant in both places', '29:sam', {}, { tenantId: CLIENT }],
    [
      'Lee with his home tenant in both places',
      '29:lee',
      { conversation: FIRM, channelData: FIRM },
      { tenantId: CLIENT, homeTenantId: FIRM },
    ],
    [
      'Lee with his home tenant in channelData only',
      '29:lee',
      { channelData: FIRM },
      { tenantId: CLIENT, homeTenantId: FIRM },
    ],
    [
      'Lee with his home tenant in upper case',
      '29:lee',
      { channelData: FIRM.toUpperCase() },
      { tenantId: CLIENT, homeTenantId: FIRM },
    ],
  ])('accepts %s, as the chat’s tenant', async (_case, from, tenants, origin) => {
    expect(await checkOrigin(activity(from, tenants), { served, spaceOf })).toEqual({ origin });
  });

  it.each([
    ['Lee claiming a third tenant', '29:lee', { conversation: OTHER, channelData: OTHER }],
    ['Lee claiming his tenant and a third one', '29:lee', { conversation: FIRM, channelData: OTHER }],
    ['the sponsor claiming the firm’s tenant', '29:sam', { conversation: FIRM, channelData: FIRM }],
    ['a tenant that is not a string', '29:lee', { channelData: 42 }],
  ])('refuses %s', async (_case, from, tenants) => {
    expect(await checkOrigin(activity(from, tenants), { served, spaceOf })).toEqual({
      refused: 'tenant_mismatch',
    });
  });

  it('never takes a 1:1 chat for a space: two tenants there are a mismatch, one not served is named so', async () => {
    const personal = activity('29:lee', { channelData: FIRM }, 'personal');
    expect(await checkOrigin(personal, { served, spaceOf })).toEqual({ refused: 'tenant_mismatch' });
    const home = activity('29:lee', { conversation: FIRM, channelData: FIRM }, 'personal');
    expect(await checkOrigin(home, { served, spaceOf })).toEqual({ refused: 'tenant_not_served' });
  });

  it('settles the accepted activity on the chat’s tenant in both places', () => {
    const lee = activity('29:lee', { conversation: FIRM, channelData: FIRM });
    settleTenant(lee, { tenantId: CLIENT, homeTenantId: FIRM });
    expect([lee.conversation.tenantId, lee.channelData.tenant.id]).toEqual([CLIENT, CLIENT]);
  });
});
