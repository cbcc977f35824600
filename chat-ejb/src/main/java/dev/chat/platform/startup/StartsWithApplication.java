package dev.chat.platform.startup;

/**
 * A bean that must run from the application's start, not from its first use: a scheduler, a
 * subscription, a metric that must exist before the first scrape, a check that must fail the
 * deployment. The one mechanism for eager start: {@code ApplicationStart} (chat-web) creates every
 * such bean while the application starts (its {@code @PostConstruct} runs then) and calls
 * {@link #start()} once. An exception fails the deployment.
 */
public interface StartsWithApplication {

    /**
     * Called once, on a deployment thread, after the bean was created. Nothing by default: for a
     * bean whose {@code @PostConstruct} is all it needs (its metrics then exist before the first scrape).
     */
    default void start() {
    }
}
