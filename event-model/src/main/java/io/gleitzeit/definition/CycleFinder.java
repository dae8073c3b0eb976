package io.gleitzeit.definition;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;

/**
 * Finds dependency cycles among tasks given by index. Iterative throughout (Tarjan's strongly connected components,
 * then a breadth-first search), so a chain of ten thousand tasks cannot overflow the stack.
 */
final class CycleFinder {

    /**
     * One group of tasks that depend on each other in a loop, with one cycle through its first task.
     *
     * @param cycle   task indices from the group's first task (in document order) back to it: {@code [a, b, c, a]}
     *                where each depends on the next
     * @param members every task of the group, ascending; more than the cycle when the group holds several loops
     */
    record Cycle(List<Integer> cycle, List<Integer> members) {
    }

    private CycleFinder() {
    }

    /**
     * Every cycle group once, ordered by its first task.
     *
     * @param dependsOn for each task, the indices of the tasks it depends on (no self-edges)
     */
    static List<Cycle> find(int[][] dependsOn) {
        List<Cycle> cycles = new ArrayList<>();
        int[] component = stronglyConnectedComponents(dependsOn);
        List<List<Integer>> groups = new ArrayList<>();
        for (int v = 0; v < dependsOn.length; v++) {
            while (groups.size() <= component[v]) {
                groups.add(new ArrayList<>());
            }
            groups.get(component[v]).add(v);
        }
        for (List<Integer> group : groups) {
            if (group.size() > 1) {
                cycles.add(new Cycle(cycleThrough(group.get(0), component, dependsOn), List.copyOf(group)));
            }
        }
        cycles.sort(Comparator.comparing(c -> c.members().get(0)));
        return cycles;
    }

    /** Tarjan's algorithm with explicit stacks; returns the component number of each task. */
    private static int[] stronglyConnectedComponents(int[][] edges) {
        int n = edges.length;
        int[] order = new int[n];
        int[] low = new int[n];
        int[] nextEdge = new int[n];
        int[] component = new int[n];
        boolean[] onStack = new boolean[n];
        Arrays.fill(order, -1);
        ArrayDeque<Integer> open = new ArrayDeque<>();
        ArrayDeque<Integer> calls = new ArrayDeque<>();
        int counter = 0;
        int components = 0;
        for (int root = 0; root < n; root++) {
            if (order[root] != -1) {
                continue;
            }
            order[root] = low[root] = counter++;
            open.push(root);
            onStack[root] = true;
            calls.push(root);
            while (!calls.isEmpty()) {
                int v = calls.peek();
                if (nextEdge[v] < edges[v].length) {
                    int w = edges[v][nextEdge[v]++];
                    if (order[w] == -1) {
                        order[w] = low[w] = counter++;
                        open.push(w);
                        onStack[w] = true;
                        calls.push(w);
                    } else if (onStack[w]) {
                        low[v] = Math.min(low[v], order[w]);
                    }
                    continue;
                }
                calls.pop();
                if (!calls.isEmpty()) {
                    int caller = calls.peek();
                    low[caller] = Math.min(low[caller], low[v]);
                }
                if (low[v] == order[v]) {
                    int w;
                    do {
                        w = open.pop();
                        onStack[w] = false;
                        component[w] = components;
                    } while (w != v);
                    components++;
                }
            }
        }
        return component;
    }

    /** The shortest cycle from {@code start} back to it, staying inside its component. */
    private static List<Integer> cycleThrough(int start, int[] component, int[][] edges) {
        int[] parent = new int[edges.length];
        Arrays.fill(parent, -1);
        ArrayDeque<Integer> queue = new ArrayDeque<>();
        queue.add(start);
        parent[start] = start;
        while (!queue.isEmpty()) {
            int v = queue.poll();
            for (int w : edges[v]) {
                if (component[w] != component[start]) {
                    continue;
                }
                if (w == start) {
                    List<Integer> path = new ArrayList<>();
                    path.add(start);
                    for (int u = v; u != start; u = parent[u]) {
                        path.add(u);
                    }
                    path.add(start);
                    // Collected backwards from the last task; reverse the inner part to read start → … → start.
                    Collections.reverse(path.subList(1, path.size() - 1));
                    return List.copyOf(path);
                }
                if (parent[w] == -1) {
                    parent[w] = v;
                    queue.add(w);
                }
            }
        }
        throw new IllegalStateException("task " + start + " is in a component of several tasks but on no cycle");
    }
}
