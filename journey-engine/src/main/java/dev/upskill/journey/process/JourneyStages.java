package dev.upskill.journey.process;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.camunda.bpm.model.bpmn.instance.BoundaryEvent;
import org.camunda.bpm.model.bpmn.instance.CallActivity;
import org.camunda.bpm.model.bpmn.instance.FlowNode;
import org.camunda.bpm.model.bpmn.instance.Process;
import org.camunda.bpm.model.bpmn.instance.StartEvent;
import org.springframework.stereotype.Component;

/**
 * The stages of a journey process definition, read from its diagram: its call activities, ordered by the longest
 * path from the start event to each (sequence flows and the flows leaving boundary events; the flows that loop back,
 * such as re-assessment → gap analysis, are left out). So a stage reached both early by a shortcut (no gaps →
 * completion) and late by the main line sorts where the main line puts it. Reading the diagram instead of a list in
 * code means a stage HR adds or renames in Modeler shows on the dashboard as soon as the new version is deployed.
 * Cached per definition id (a deployed definition never changes).
 */
@Component
class JourneyStages {

    /** A stage: its activity id and display name (the id when the diagram gives none). */
    record Stage(String id, String name) {
    }

    private final RepositoryService repository;
    private final Map<String, List<Stage>> byDefinition = new ConcurrentHashMap<>();

    JourneyStages(RepositoryService repository) {
        this.repository = repository;
    }

    List<Stage> of(String processDefinitionId) {
        return byDefinition.computeIfAbsent(processDefinitionId,
                id -> stages(repository.getBpmnModelInstance(id), repository.getProcessDefinition(id).getKey()));
    }

    static List<Stage> stages(BpmnModelInstance model, String processKey) {
        Process process = model.getModelElementById(processKey);
        Map<FlowNode, List<FlowNode>> successors = new HashMap<>();
        for (FlowNode node : process.getChildElementsByType(FlowNode.class)) {
            List<FlowNode> next = successors.computeIfAbsent(node, n -> new ArrayList<>());
            node.getOutgoing().forEach(flow -> next.add(flow.getTarget()));
            if (node instanceof BoundaryEvent boundary) {
                successors.computeIfAbsent(boundary.getAttachedTo(), n -> new ArrayList<>()).add(boundary);
            }
        }
        // Depth-first from the start event: the reverse post-order is a topological order of the graph without its
        // back edges (an edge to a node still on the stack closes a loop).
        List<FlowNode> postOrder = new ArrayList<>();
        Set<FlowNode> onStack = new HashSet<>();
        Set<FlowNode> visited = new HashSet<>();
        Set<List<FlowNode>> backEdges = new HashSet<>();
        for (StartEvent start : process.getChildElementsByType(StartEvent.class)) {
            if (start.getEventDefinitions().isEmpty()) { // the none start event, not an event sub-process trigger
                visit(start, successors, visited, onStack, postOrder, backEdges);
            }
        }
        Map<FlowNode, Integer> depth = new HashMap<>();
        List<FlowNode> order = new ArrayList<>(postOrder.reversed());
        order.forEach(n -> depth.putIfAbsent(n, 0));
        for (FlowNode node : order) {
            for (FlowNode next : successors.getOrDefault(node, List.of())) {
                if (!backEdges.contains(List.of(node, next))) {
                    depth.merge(next, depth.get(node) + 1, Math::max);
                }
            }
        }
        return order.stream()
                .filter(CallActivity.class::isInstance)
                .sorted(Comparator.comparingInt(depth::get)) // stable: ties keep the topological order
                .map(n -> new Stage(n.getId(), n.getName() == null ? n.getId() : n.getName()))
                .toList();
    }

    private static void visit(FlowNode node, Map<FlowNode, List<FlowNode>> successors, Set<FlowNode> visited,
            Set<FlowNode> onStack, List<FlowNode> postOrder, Set<List<FlowNode>> backEdges) {
        visited.add(node);
        onStack.add(node);
        for (FlowNode next : successors.getOrDefault(node, List.of())) {
            if (onStack.contains(next)) {
                backEdges.add(List.of(node, next));
            } else if (!visited.contains(next)) {
                visit(next, successors, visited, onStack, postOrder, backEdges);
            }
        }
        onStack.remove(node);
        postOrder.add(node);
    }
}
