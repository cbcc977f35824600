package dev.chat.notification.control;

/**
 * A delivery that did not succeed: {@code retryable} when trying again later may help (the
 * receiver was unreachable, timed out, answered 429 or 5xx), not when it refused the request.
 */
public class DeliveryFailure extends RuntimeException {
    private final boolean retryable;

    public DeliveryFailure(String message, boolean retryable, Throwable cause) {
        super(message, cause);
        this.retryable = retryable;
    }

    public boolean retryable() {
        return retryable;
    }

    /** What an HTTP status says about a delivery (2xx is no failure). */
    public static DeliveryFailure ofStatus(String what, int status) {
        return new DeliveryFailure(what + " answered HTTP " + status, status == 408 || status == 429 || status >= 500, null);
    }
}
