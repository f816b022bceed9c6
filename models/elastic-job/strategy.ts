/**
 * AverageAllocationJobShardingStrategy: items in order, `total / n` to each instance in list order, and
 * the remainder one each to the first instances. 9 items on 3 instances: [0,1,2] [3,4,5] [6,7,8];
 * 8 items on 3: [0,1,6] [2,3,7] [4,5].
 */
export function averageAllocation(instances: readonly string[], total: number): Map<string, number[]> {
  const out = new Map<string, number[]>();
  if (instances.length === 0) return out;
  const per = Math.floor(total / instances.length);
  instances.forEach((id, i) => out.set(id, Array.from({ length: per }, (_, k) => i * per + k)));
  // The remainder: item per * n + i goes to instance i.
  for (let i = 0; i < total % instances.length; i++) out.get(instances[i] as string)!.push(per * instances.length + i);
  return out;
}
