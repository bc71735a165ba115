package org.vaedigits.browser;

import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Runs browser test classes only where the system's Chromium is installed: otherwise they are
 * reported as skipped with the reason, or fail when VAE_DIGITS_REQUIRE_BROWSER=true (as in CI).
 */
public final class RequiresChromium implements ExecutionCondition {
    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        if (Chromium.installed()) {
            return ConditionEvaluationResult.enabled("Chromium at " + Chromium.EXECUTABLE);
        }
        String message = "no Chromium at " + Chromium.EXECUTABLE + ": browser tests need it (Debian: apt-get install -y chromium)";
        if ("true".equalsIgnoreCase(System.getenv("VAE_DIGITS_REQUIRE_BROWSER"))) {
            throw new AssertionError(message + "; VAE_DIGITS_REQUIRE_BROWSER=true, so this is a failure, not a skip");
        }
        return ConditionEvaluationResult.disabled("skipped: " + message);
    }
}
