package dev.chat.platform.config;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** How settings that hold lists are read (Payara's MP Config injects no {@code Optional<List<String>>}). */
public final class Settings {
    private Settings() {
    }

    /** The entries of a comma-separated setting, trimmed, without empty ones (none when it is not set). */
    public static List<String> commaList(Optional<String> setting) {
        return Arrays.stream(setting.orElse("").split(",")).map(String::strip).filter(entry -> !entry.isEmpty()).toList();
    }
}
