import { describe, expect, it } from 'vitest';
import { formatMeetingTime } from '../../src/engagement/meeting-time.js';
import { friendlyZoneName } from '../../src/engagement/zone-name.js';

describe('friendlyZoneName', () => {
  it('names a zone by its city', () => {
    expect(friendlyZoneName('Europe/London')).toBe('London time');
    expect(friendlyZoneName('America/New_York')).toBe('New York time');
    expect(friendlyZoneName('Asia/Kolkata')).toBe('Kolkata time');
    expect(friendlyZoneName('America/Argentina/Buenos_Aires')).toBe('Buenos Aires time');
  });

  it('uses the modern or plain name where the IANA one is old or abstract', () => {
    expect(friendlyZoneName('Asia/Calcutta')).toBe('Kolkata time');
    expect(friendlyZoneName('Europe/Kiev')).toBe('Kyiv time');
    expect(friendlyZoneName('UTC')).toBe('UTC');
    expect(friendlyZoneName('Etc/UTC')).toBe('UTC');
  });

  it('is what a meeting time shows, never the IANA name', () => {
    const text = formatMeetingTime(new Date('2026-12-01T14:30:00Z'), 'America/New_York');
    expect(text).toBe('Tue 1 Dec 2026, 09:30 (New York time)');
    expect(text).not.toContain('America/');
  });
});
