import type { UMSRoutingTaskChange } from '../../schemas/index.ts';
import type { RoutingTask } from '../platform/routing.ts';

/**
 * One routing task as the rung agent sees it (ums.md §8.4): the task plus the rings offered to
 * that agent (`ringsDetails`, never absent: node-agent-sdk iterates it on every change).
 */
export function routingTaskChange(
  accountId: string,
  task: RoutingTask,
  agentOldId: string,
): UMSRoutingTaskChange {
  const rings = task.rings.filter((ring) => ring.agentId === agentOldId);
  const accepted = rings.find((ring) => ring.ringState === 'ACCEPTED');
  return {
    type: 'UPSERT',
    result: {
      routingTaskId: task.routingTaskId,
      taskCompleted: task.taskCompleted || accepted !== undefined,
      conversationId: task.conversationId,
      consumerId: task.consumerId,
      skillId: task.skillId,
      brandId: accountId,
      ...(accepted ? { assignedAgentId: accepted.agentId } : {}),
      ringsDetails: rings.map((ring) => ({
        ringId: ring.ringId,
        ringState: ring.ringState,
        ringExpiration: ring.ringExpiration,
        ringExpirationTs: ring.ringExpirationTs,
        weight: ring.weight,
        brandId: accountId,
        convId: task.conversationId,
        consumerId: task.consumerId,
        skillId: task.skillId,
      })),
    },
  };
}
