import type { PlatformProfile } from '../../src/ports/directory.js';

/** The people of the demo, each in their own time zone, as the local platform's directory knows them. */
export type Role = 'hr' | 'client' | 'sponsor' | 'coach' | 'coach2' | 'coach3';

export interface CastMember extends PlatformProfile {
  readonly role: Role;
  /** How the demo names their role. */
  readonly roleName: string;
  /** What to type after `@` or `as` (lower case first name). */
  readonly handle: string;
}

const person = (
  role: Role,
  roleName: string,
  platformUserId: string,
  displayName: string,
  timeZone: string,
): CastMember => ({
  role,
  roleName,
  platformUserId,
  displayName,
  timeZone,
  isBot: false,
  deleted: false,
  handle: (displayName.split(' ')[0] ?? displayName).toLowerCase(),
});

/** Each run is its own organisation, so a demo run on a persistent DATABASE_URL never meets an earlier one. */
export const newDemoTenant = () => `triad-demo-${Date.now().toString(36)}`;

export const cast: Readonly<Record<Role, CastMember>> = {
  hr: person('hr', 'HR', 'UHANA', 'Hana Berg', 'Europe/Berlin'),
  client: person('client', 'client', 'UALEX', 'Alex Morgan', 'Europe/London'),
  sponsor: person('sponsor', 'sponsor', 'USAM', 'Sam Patel', 'America/New_York'),
  coach: person('coach', 'coach', 'UKIM', 'Kim Ito', 'Asia/Kolkata'),
  coach2: person('coach2', 'shortlisted coach', 'ULEE', 'Lee Novak', 'Europe/Paris'),
  coach3: person('coach3', 'shortlisted coach', 'URIO', 'Rio Santos', 'America/Sao_Paulo'),
};

export const castMembers: readonly CastMember[] = Object.values(cast);

/** `alex`, `@alex`, `Alex Morgan`, `UALEX`, `client` → the cast member; undefined when nobody matches. */
export function findCastMember(name: string): CastMember | undefined {
  const wanted = name.trim().replace(/^@/, '').toLowerCase();
  return castMembers.find(
    (m) =>
      m.handle === wanted ||
      m.role === wanted ||
      m.platformUserId.toLowerCase() === wanted ||
      m.displayName.toLowerCase() === wanted,
  );
}

export const byUserId = (userId: string) => castMembers.find((m) => m.platformUserId === userId);
