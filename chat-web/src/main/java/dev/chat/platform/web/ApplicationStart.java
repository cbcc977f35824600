package dev.chat.platform.web;

import dev.chat.platform.startup.StartsWithApplication;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;

import java.util.ArrayList;
import java.util.List;
import java.util.logging.Logger;

/**
 * Starts every {@link StartsWithApplication} bean when the application starts. It lives in the
 * web module because that module sees the beans of both: in the EAR, the EJB module does not see
 * the web module's beans.
 */
@ApplicationScoped
public class ApplicationStart {
    private static final Logger LOG = Logger.getLogger(ApplicationStart.class.getName());

    @Inject
    @Any
    Instance<StartsWithApplication> beans;

    void start(@Observes @Initialized(ApplicationScoped.class) Object started) {
        List<String> names = new ArrayList<>();
        for (StartsWithApplication bean : beans) {
            bean.start();
            names.add(bean.getClass().getSimpleName().replaceAll("\\$.*", "")); // without the proxy's suffix
        }
        LOG.fine(() -> "Started with the application: " + names);
    }
}
