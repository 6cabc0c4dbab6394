/**
 * Who plays which endpoint. `null` means the built-in endpoint (tcp-core's autoplayMove) plays that side.
 */
export interface Pair {
  client: string | null;
  server: string | null;
}

/**
 * Automatic pairing in join order, with no randomness so an instructor can predict it: the 1st and 2nd seat to
 * join form a pair (1st is the client), then the 3rd and 4th, and so on. The odd one out plays the client against
 * the built-in server, because opening a connection is where every lab begins.
 */
export function pairInJoinOrder(seatIdsInJoinOrder: readonly string[]): Pair[] {
  const pairs: Pair[] = [];
  for (let i = 0; i < seatIdsInJoinOrder.length; i += 2) {
    pairs.push({ client: seatIdsInJoinOrder[i], server: seatIdsInJoinOrder[i + 1] ?? null });
  }
  return pairs;
}

/** Why a hand-made pairing cannot be used, or null when it can. */
export function checkManualPairs(
  pairs: readonly Pair[],
  seatsOfClass: ReadonlySet<string>,
  busySeats: ReadonlySet<string>,
): { en: string; zh: string; code: 'VALIDATION_FAILED' | 'CONFLICT' } | null {
  const seen = new Set<string>();
  for (const [index, pair] of pairs.entries()) {
    if (pair.client === null && pair.server === null) {
      return {
        code: 'VALIDATION_FAILED',
        en: `pairs.${index}: at least one side must be a seat`,
        zh: `pairs.${index}：至少一方必须是学生座位`,
      };
    }
    for (const seatId of [pair.client, pair.server]) {
      if (seatId === null) continue;
      if (!seatsOfClass.has(seatId)) {
        return {
          code: 'VALIDATION_FAILED',
          en: `pairs.${index}: seat ${seatId} is not in this classroom`,
          zh: `pairs.${index}：座位 ${seatId} 不属于这个课堂`,
        };
      }
      if (seen.has(seatId)) {
        return {
          code: 'VALIDATION_FAILED',
          en: `pairs.${index}: seat ${seatId} appears twice`,
          zh: `pairs.${index}：座位 ${seatId} 出现了两次`,
        };
      }
      if (busySeats.has(seatId)) {
        return {
          code: 'CONFLICT',
          en: `pairs.${index}: seat ${seatId} is already in a lab that has not ended`,
          zh: `pairs.${index}：座位 ${seatId} 已在一个尚未结束的实验中`,
        };
      }
      seen.add(seatId);
    }
  }
  return null;
}
