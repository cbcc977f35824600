package dev.chat.platform.persistence;

/**
 * The JTA data source the application uses. It is defined by the runtime, not in code:
 * server-config's post-boot commands (Payara Micro) or asadmin configuration (Payara Server)
 * create the pool and this JNDI resource.
 */
public final class ChatDataSource {
    public static final String JNDI_NAME = "jdbc/chat";

    private ChatDataSource() {
    }
}
