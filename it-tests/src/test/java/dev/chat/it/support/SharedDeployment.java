package dev.chat.it.support;

import org.jboss.arquillian.container.spi.client.deployment.Deployment;
import org.jboss.arquillian.container.spi.client.deployment.DeploymentScenario;
import org.jboss.arquillian.container.spi.event.DeployManagedDeployments;
import org.jboss.arquillian.container.spi.event.UnDeployManagedDeployments;
import org.jboss.arquillian.container.spi.event.container.BeforeStop;
import org.jboss.arquillian.container.test.impl.client.deployment.event.GenerateDeployment;
import org.jboss.arquillian.core.api.Event;
import org.jboss.arquillian.core.api.Instance;
import org.jboss.arquillian.core.api.InstanceProducer;
import org.jboss.arquillian.core.api.annotation.Inject;
import org.jboss.arquillian.core.api.annotation.Observes;
import org.jboss.arquillian.core.spi.EventContext;
import org.jboss.arquillian.core.spi.LoadableExtension;
import org.jboss.arquillian.test.spi.annotation.ClassScoped;
import org.jboss.arquillian.test.spi.context.ClassContext;

/**
 * One node per runtime for the whole run instead of one per test class (a Payara Micro start
 * costs ~20 s): every {@link DeployedChat} test class (not marked {@link OwnNode}) runs against
 * the deployment the first of them made. Arquillian deploys per class; this extension gives each
 * sharing class the first one's deployment scenario and skips their deploy and undeploy. A class
 * with a deployment of its own (in-container tests, {@link OwnNode}) gets the runtime to itself:
 * the shared node is undeployed before it and deployed again for the next sharing class, so two
 * deployments of the same application never run side by side.
 */
public class SharedDeployment {
    /** Registered in META-INF/services/org.jboss.arquillian.core.spi.LoadableExtension. */
    public static class Extension implements LoadableExtension {
        @Override
        public void register(ExtensionBuilder builder) {
            builder.observer(SharedDeployment.class);
        }
    }

    @Inject
    @ClassScoped
    private InstanceProducer<DeploymentScenario> classScenario;

    @Inject
    private Instance<ClassContext> classContext;

    @Inject
    private Event<UnDeployManagedDeployments> undeployManaged;

    private DeploymentScenario shared;
    private boolean undeployingShared;

    public void generate(@Observes EventContext<GenerateDeployment> context) {
        Class<?> testClass = context.getEvent().getTestClass().getJavaClass();
        boolean shares = DeployedChat.class.isAssignableFrom(testClass) && !testClass.isAnnotationPresent(OwnNode.class);
        if (!shares) {
            undeployShared();
            context.proceed();
        } else if (shared == null) {
            context.proceed();
            shared = classScenario.get();
        } else {
            classScenario.set(shared);
        }
    }

    public void deploy(@Observes EventContext<DeployManagedDeployments> context) {
        if (isShared() && deployed()) {
            return; // the node of the classes before
        }
        context.proceed();
    }

    public void undeploy(@Observes EventContext<UnDeployManagedDeployments> context) {
        if (isShared() && !undeployingShared) {
            return; // kept for the next class
        }
        context.proceed();
    }

    public void stop(@Observes BeforeStop event) {
        if (shared == null || !deployed()) {
            return;
        }
        ClassContext context = classContext.get();
        context.activate(SharedDeployment.class);
        try {
            undeployShared();
        } finally {
            context.deactivate();
            context.destroy(SharedDeployment.class);
        }
    }

    /** Undeploys the shared deployment, if it is deployed, in the class context that is active. */
    private void undeployShared() {
        if (shared == null || !deployed()) {
            return;
        }
        classScenario.set(shared);
        undeployingShared = true;
        try {
            undeployManaged.fire(new UnDeployManagedDeployments());
        } finally {
            undeployingShared = false;
        }
    }

    private boolean isShared() {
        return shared != null && classScenario.get() == shared;
    }

    private boolean deployed() {
        // a failed deploy counts as deployed in Arquillian; the next class must try again
        return shared.deployments().stream().anyMatch(deployment -> deployment.isDeployed() && !deployment.hasDeploymentError());
    }
}
