import { randomBytes } from 'node:crypto';
import { signedSlackRequest, slashCommandBody } from '../../test/support/slack-signing.js';
import type { LoadRequest } from '../lib/load.js';

/** The two commands measured: `status` (a read) and `start` (the heaviest write HR makes). */
export type MeasuredCommand = 'status' | 'start';

export interface CommandPlan {
  signingSecret: string;
  hrUserId: string;
  responseUrlOrigin: string;
  /** The client whose engagement `status` asks about. */
  statusClient: string;
  /** A new client for the i-th `start` (a client has one active engagement at a time). */
  startClient: (i: number) => string;
  sponsor: string;
  coach: string;
}

/** A signed `/coaching …` request with a unique trigger_id and a response_url on the local sink. */
export function commandRequest(plan: CommandPlan, command: MeasuredCommand, i: number): LoadRequest {
  const text =
    command === 'status'
      ? `status <@${plan.statusClient}>`
      : `start client:<@${plan.startClient(i)}> sponsor:<@${plan.sponsor}> coach:<@${plan.coach}>`;
  const key = `${command}-${i}-${randomBytes(4).toString('hex')}`;
  const signed = signedSlackRequest({
    signingSecret: plan.signingSecret,
    body: slashCommandBody({
      command: '/coaching',
      text,
      user_id: plan.hrUserId,
      response_url: `${plan.responseUrlOrigin}/response/${key}`,
      trigger_id: `${Date.now()}.${i}.${randomBytes(8).toString('hex')}`,
    }),
  });
  return { headers: signed.headers, body: signed.body };
}
