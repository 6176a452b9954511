/**
 * Recognises a sponsor (or HR) asking Triad for something private — reflections, answers, session content,
 * goal drafts, activity figures — so the request is refused with an explanation instead of being relayed.
 * Errs on the side of refusing: the sender is told why and can rephrase.
 */
const patterns: readonly RegExp[] = [
  /\b(reflections?|journal|diary|diaries)\b/i,
  /\b(session|coaching)\s+(notes?|content|transcripts?|details|conversations?)\b/i,
  /\bwhat\s+(did|does|has|have|is|was)\s+[\w'’ ]{1,30}?\s+(say|said|saying|write|written|wrote|writing|share|shared|sharing|tell|told|telling|discuss|discussed|discussing|talk|talked|talking)\b/i,
  /\b(answers?|responses?|replies)\b.{0,40}\b(prompts?|questions?)\b/i,
  /\b(reply|response|answer|engagement|activity)\s+(rates?|figures?|stats|statistics|numbers)\b/i,
  /\bhow\s+(often|many times|regularly)\b.{0,60}\b(repl|respond|answer|engag|reflect|log)/i,
  /\b(goal|goals)\s+drafts?\b|\bdraft\s+goals?\b/i,
  /\bprivate\b.{0,40}\b(notes?|messages?|conversations?|content|space|chat|dm)\b/i,
  /\b(show|send|give|forward|tell|share\s+with)\s+me\b.{0,60}\b(private|confidential|notes?|answers?|conversations?|what\s+(he|she|they)\s+(said|wrote))\b/i,
  /\b(access|see|read|view|join)\b.{0,40}\b(coaching\s+space|private\s+space|their\s+dm|the\s+dm)\b/i,
  /\b(is|are|has|have)\s+(he|she|they)\s+(been\s+)?(answering|replying|responding|reflecting|engaging)\b/i,
];

export function looksLikePrivateRequest(text: string): boolean {
  return patterns.some((pattern) => pattern.test(text));
}
