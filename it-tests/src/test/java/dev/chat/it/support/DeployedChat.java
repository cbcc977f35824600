package dev.chat.it.support;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.Archive;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.URI;
import java.net.URL;

/**
 * The base of the system tests: Arquillian deploys the build's archive for the runtime under
 * test (WAR on Payara Micro, EAR on Payara Server, see {@link ChatDeployment}) and every test
 * starts once the node reports ready, talking to it as a client from outside.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
public abstract class DeployedChat {

    @ArquillianResource
    URL baseUrl;

    protected URI base;
    protected ApiClient api;

    @Deployment(testable = false)
    public static Archive<?> chatDeployment() {
        return ChatDeployment.forRuntime();
    }

    @BeforeEach
    void nodeIsReady() throws Exception {
        base = baseUrl.toURI();
        NodeReadiness.awaitReady(base);
        api = new ApiClient(base);
    }
}
