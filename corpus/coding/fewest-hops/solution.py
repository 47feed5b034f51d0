from collections import deque


def fewest_hops(n, edges, source, target):
    if source == target:
        return 0
    links = [[] for _ in range(n)]
    for a, b in edges:
        links[a].append(b)
        links[b].append(a)
    depth = [-1] * n
    depth[source] = 0
    queue = deque([source])
    while queue:
        node = queue.popleft()
        for nxt in links[node]:
            if depth[nxt] < 0:
                depth[nxt] = depth[node] + 1
                if nxt == target:
                    return depth[nxt]
                queue.append(nxt)
    return -1
