from collections import deque


def can_finish(num_tasks, prerequisites):
    waiting = [0] * num_tasks
    unlocks = [[] for _ in range(num_tasks)]
    for task, before in prerequisites:
        waiting[task] += 1
        unlocks[before].append(task)
    ready = deque(t for t in range(num_tasks) if waiting[t] == 0)
    done = 0
    while ready:
        task = ready.popleft()
        done += 1
        for nxt in unlocks[task]:
            waiting[nxt] -= 1
            if waiting[nxt] == 0:
                ready.append(nxt)
    return done == num_tasks
