package dev.chat.it.support;

import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.spec.WebArchive;

import java.io.File;

/** The self-contained WAR exactly as the build produced it (the one Payara Micro nodes run). */
public final class ChatDeployment {
    private ChatDeployment() {
    }

    public static WebArchive builtWar() {
        File war = new File(System.getProperty("chat.war", "../chat-web/target/chat-web.war"));
        if (!war.isFile()) {
            throw new IllegalStateException("WAR not built: " + war.getAbsolutePath());
        }
        return ShrinkWrap.createFromZipFile(WebArchive.class, war);
    }
}
