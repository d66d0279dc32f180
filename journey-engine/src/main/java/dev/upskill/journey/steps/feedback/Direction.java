package dev.upskill.journey.steps.feedback;

/** What a feedback sentence says about a competency. */
public enum Direction {
    /** Praise: the employee is good at it. */
    STRENGTH,
    /** Criticism or a development need. */
    GAP,
    /** Neither (a plain mention), or the cues cancel out. */
    NEUTRAL
}
