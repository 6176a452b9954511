/** Zones whose city is not the last part of the IANA name, or reads better otherwise. */
const overrides: Record<string, string> = {
  UTC: 'UTC',
  'Etc/UTC': 'UTC',
  GMT: 'UTC',
  'Etc/GMT': 'UTC',
  'Asia/Calcutta': 'Kolkata',
  'Asia/Saigon': 'Ho Chi Minh City',
  'Europe/Kiev': 'Kyiv',
  'America/Argentina/Buenos_Aires': 'Buenos Aires',
};

/** A zone as people say it: "Europe/London" → "London time", "America/New_York" → "New York time". */
export function friendlyZoneName(zone: string): string {
  const city = overrides[zone] ?? zone.split('/').pop()?.replaceAll('_', ' ') ?? zone;
  return city === 'UTC' ? 'UTC' : `${city} time`;
}
