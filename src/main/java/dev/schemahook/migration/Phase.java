package dev.schemahook.migration;

/** Which migrations one {@code migrate} run applies: the expand step before the rollout, the contract step after it. */
public enum Phase {
    /** Everything up to the last pending migration that is not post-deployment; trailing post-deployment ones wait. */
    PRE,
    /** Everything pending, post-deployment migrations included: run once the previous release's pods are gone. */
    POST,
    /** Everything pending, as if no migration were post-deployment. */
    ALL
}
