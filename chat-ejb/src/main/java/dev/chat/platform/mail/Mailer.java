package dev.chat.platform.mail;

import dev.chat.api.error.ChatException;
import dev.chat.api.error.ErrorCode;
import dev.chat.platform.concurrent.ApplicationThreads;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.mail.Authenticator;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.PasswordAuthentication;
import jakarta.mail.SendFailedException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.metrics.Counter;
import org.eclipse.microprofile.metrics.Metadata;
import org.eclipse.microprofile.metrics.MetricRegistry;

import java.util.Date;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.RejectedExecutionException;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Sends mail through the SMTP server of {@code chat.mail.smtp.*} (the embedded default: the dev
 * stack's GreenMail on 127.0.0.1:12525), as multipart/alternative (plain text and HTML), from
 * {@code chat.mail.from}. Off the caller's thread (the application's bounded pool): a slow mail
 * server never holds a request. A mail that cannot be handed over (pool full) is refused at once
 * ({@code UNAVAILABLE}, the caller asks again); one the server refuses is logged at WARNING and
 * counted ({@code chat_mail_failed_total}). Addresses and codes are never logged.
 */
@ApplicationScoped
public class Mailer {
    private static final Logger LOG = Logger.getLogger(Mailer.class.getName());

    @Inject
    ApplicationThreads threads;

    @Inject
    MetricRegistry metrics;

    @Inject
    @ConfigProperty(name = "chat.mail.smtp.host")
    String host;

    @Inject
    @ConfigProperty(name = "chat.mail.smtp.port")
    int port;

    @Inject
    @ConfigProperty(name = "chat.mail.smtp.starttls", defaultValue = "false")
    boolean startTls;

    @Inject
    @ConfigProperty(name = "chat.mail.smtp.username")
    Optional<String> username;

    @Inject
    @ConfigProperty(name = "chat.mail.smtp.password")
    Optional<String> password;

    @Inject
    @ConfigProperty(name = "chat.mail.from", defaultValue = "Chat <no-reply@chat.localhost>")
    String from;

    @Inject
    @ConfigProperty(name = "chat.mail.timeout-ms", defaultValue = "10000")
    int timeoutMs;

    private Session session;
    private Counter sent;
    private Counter failed;

    @PostConstruct
    void configure() {
        Properties properties = new Properties();
        properties.put("mail.transport.protocol", "smtp");
        properties.put("mail.smtp.host", host);
        properties.put("mail.smtp.port", Integer.toString(port));
        properties.put("mail.smtp.connectiontimeout", Integer.toString(timeoutMs));
        properties.put("mail.smtp.timeout", Integer.toString(timeoutMs));
        properties.put("mail.smtp.writetimeout", Integer.toString(timeoutMs));
        properties.put("mail.smtp.starttls.enable", Boolean.toString(startTls));
        properties.put("mail.smtp.starttls.required", Boolean.toString(startTls));
        boolean authenticates = username.filter(name -> !name.isBlank()).isPresent();
        properties.put("mail.smtp.auth", Boolean.toString(authenticates));
        session = authenticates
                ? Session.getInstance(properties, new Authenticator() {
                    @Override
                    protected PasswordAuthentication getPasswordAuthentication() {
                        return new PasswordAuthentication(username.get(), password.orElse(""));
                    }
                })
                : Session.getInstance(properties);
        sent = metrics.counter(Metadata.builder().withName("chat_mail_sent")
                .withDescription("Mails the SMTP server took").build());
        failed = metrics.counter(Metadata.builder().withName("chat_mail_failed")
                .withDescription("Mails not sent: the SMTP server refused or was unreachable, or the pool was full").build());
    }

    /**
     * Sends {@code mail} to {@code to} in the background; {@code about} names it in the log (a user id, never the address).
     *
     * @throws ChatException UNAVAILABLE when the pool cannot take it now
     */
    public void send(String to, MailTemplates.Mail mail, String about) {
        MimeMessage message;
        try {
            message = message(to, mail);
        } catch (MessagingException e) {
            throw new ChatException(ErrorCode.INVALID_FIELD, "the mail cannot be addressed: " + e.getMessage());
        }
        try {
            threads.execute(() -> deliver(message, about));
        } catch (RejectedExecutionException e) {
            failed.inc();
            LOG.log(Level.WARNING, "Mail about {0} not sent: the application's pool is full", about);
            throw new ChatException(ErrorCode.UNAVAILABLE, "the mail cannot be sent right now: try again shortly", 5_000L);
        }
    }

    private void deliver(MimeMessage message, String about) {
        try {
            Transport.send(message);
            sent.inc();
            LOG.log(Level.FINE, "Mail about {0} sent", about);
        } catch (MessagingException | RuntimeException e) {
            failed.inc();
            // the class and the SMTP reply code only: the server's text names the recipient's address
            String reply = e instanceof SendFailedException failure && failure.getNextException() != null
                    ? " (" + failure.getNextException().getClass().getSimpleName() + ")" : "";
            LOG.log(Level.WARNING, "Mail about {0} not sent by {1}:{2}: {3}{4}",
                    new Object[]{about, host, Integer.toString(port), e.getClass().getName(), reply});
        }
    }

    private MimeMessage message(String to, MailTemplates.Mail mail) throws MessagingException {
        MimeMessage message = new MimeMessage(session);
        message.setFrom(new InternetAddress(from));
        message.setRecipient(Message.RecipientType.TO, new InternetAddress(to, true));
        message.setSubject(mail.subject(), "UTF-8");
        message.setSentDate(new Date());
        MimeBodyPart text = new MimeBodyPart();
        text.setText(mail.text(), "UTF-8", "plain");
        MimeBodyPart html = new MimeBodyPart();
        html.setText(mail.html(), "UTF-8", "html");
        MimeMultipart alternatives = new MimeMultipart("alternative", text, html);
        message.setContent(alternatives);
        return message;
    }
}
