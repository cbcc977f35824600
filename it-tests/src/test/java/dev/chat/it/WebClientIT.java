package dev.chat.it;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.WebSocketRoute;
import com.microsoft.playwright.options.AriaRole;
import dev.chat.api.rest.MemberView;
import dev.chat.api.rest.RefreshRequest;
import dev.chat.api.rest.SendMessageRequest;
import dev.chat.it.support.ApiClient;
import dev.chat.it.support.DeployedChat;
import dev.chat.it.support.TestUser;
import dev.chat.it.support.Uploads;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.time.Duration;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import com.microsoft.playwright.assertions.LocatorAssertions;
import com.microsoft.playwright.assertions.PlaywrightAssertions;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The browser client (served at {@code /}) in a real Chromium, driven by Playwright: two people in
 * two browser contexts chat as they would, through the page only. Debian's chromium (installed by
 * the stack's install step with the {@code browser} service, which the heavy profile asks for);
 * Playwright's own browser download cannot reach its host.
 */
@Tag("heavy") // a browser: run by .ci/run (-Pheavy), not by ./mvnw verify alone
class WebClientIT extends DeployedChat {
    private static final Path CHROMIUM = Paths.get(System.getenv().getOrDefault("CHAT_CHROMIUM", "/usr/bin/chromium"));
    private static final Path SCREENSHOTS = Paths.get("target", "screenshots");
    /** The backoff doubles up to 30 s; a drop of a few seconds is retried within about 16 s. */
    /** With a code: Playwright for Java 1.52 fails on a routed close event that has none. */
    private static final WebSocketRoute.CloseOptions DROPPED = new WebSocketRoute.CloseOptions().setCode(4000).setReason("dropped by the test");
    private static final LocatorAssertions.HasTextOptions RECONNECTED = new LocatorAssertions.HasTextOptions().setTimeout(45_000);

    private static Playwright playwright;
    private static Browser browser;
    private final List<BrowserContext> contexts = new ArrayList<>();

    @BeforeAll
    static void launchChromium() {
        assertThat(Files.isExecutable(CHROMIUM))
                .as("%s missing: `server-config/bin/stack install browser` installs Debian's chromium", CHROMIUM).isTrue();
        PlaywrightAssertions.setDefaultAssertionTimeout(20_000);
        playwright = Playwright.create(new Playwright.CreateOptions().setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
        browser = playwright.chromium().launch(new BrowserType.LaunchOptions().setExecutablePath(CHROMIUM).setHeadless(true)
                .setArgs(List.of("--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                        "--disable-component-update", "--disable-sync")));
    }

    @AfterAll
    static void closeChromium() {
        if (playwright != null) {
            playwright.close();
        }
    }

    @BeforeEach
    void screenshotsFolder() throws Exception {
        Files.createDirectories(SCREENSHOTS);
    }

    @AfterEach
    void closeContexts() {
        contexts.forEach(BrowserContext::close);
    }

    @Test
    void twoPeopleChatInTheBrowserThroughEveryFeatureAndADroppedConnection() {
        String suffix = UUID.randomUUID().toString().substring(0, 6);
        Page alice = newPage(1280, 800);
        Page bob = newPage(1280, 800);

        register(alice, "alice-" + suffix, "Alice");
        alice.screenshot(new Page.ScreenshotOptions().setPath(SCREENSHOTS.resolve("empty.png")));
        register(bob, "bob-" + suffix, "Bob");

        // Alice starts a group with Bob; it appears in Bob's list live
        button(alice, "New room").click();
        label(alice, "Name").fill("Team " + suffix);
        label(alice, "Usernames of members (comma separated, optional)").fill("bob-" + suffix);
        button(alice, "Create").click();
        assertThat(alice.locator("#room-title")).hasText("Team " + suffix);
        Locator bobsRoom = bob.getByRole(AriaRole.NAVIGATION, new Page.GetByRoleOptions().setName("Rooms"))
                .getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName(java.util.regex.Pattern.compile("Team " + suffix)));
        assertThat(bobsRoom).isVisible();

        // chat both ways; Alice's message shows pending until stored, then as the stored message
        send(alice, "Hello Bob");
        assertThat(bobsRoom).containsText("Hello Bob");
        bobsRoom.click();
        assertThat(messages(bob)).containsText(new String[]{"Hello Bob"});
        assertThat(alice.locator(".message.pending")).hasCount(0);

        // typing, then an answer
        label(bob, "Message").pressSequentially("Hi Al", new Locator.PressSequentiallyOptions().setDelay(20));
        assertThat(alice.locator(".typing")).hasText("Bob is typing…");
        label(bob, "Message").press("End");
        label(bob, "Message").pressSequentially("ice!");
        label(bob, "Message").press("Enter");
        assertThat(messages(alice)).containsText(new String[]{"Hello Bob", "Hi Alice!"});
        assertThat(alice.locator(".typing")).hasText("");

        // receipts: Bob has the room open, so he has read Alice's message
        assertThat(alice.locator(".seen-by").last()).hasText("Seen by Bob");

        // presence: Bob goes away, Alice sees it in the member list
        button(alice, "Members and settings").click();
        Locator bobInList = alice.locator(".member", new Page.LocatorOptions().setHasText("@bob-" + suffix));
        assertThat(bobInList.getByRole(AriaRole.IMG)).hasAttribute("aria-label", "online");
        button(bob, "Set away").click();
        assertThat(bobInList.getByRole(AriaRole.IMG)).hasAttribute("aria-label", "away");
        alice.screenshot(new Page.ScreenshotOptions().setPath(SCREENSHOTS.resolve("members.png")));
        alice.keyboard().press("Escape");
        button(bob, "Away (set online)").click();

        // edit, react, reply, delete
        Locator hello = message(alice, "Hello Bob");
        hello.hover();
        hello.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Edit").setExact(true)).click();
        label(alice, "Edit message").fill("Hello Bob, welcome");
        label(alice, "Edit message").press("Enter");
        assertThat(message(bob, "Hello Bob, welcome").locator(".edited")).hasText("(edited)");

        Locator welcome = message(bob, "Hello Bob, welcome");
        welcome.hover();
        welcome.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("React").setExact(true)).click();
        button(bob, "React with 👍").click();
        assertThat(message(alice, "Hello Bob, welcome").getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("👍 1")))
                .isVisible();

        Locator hi = message(alice, "Hi Alice!");
        hi.hover();
        hi.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Reply").setExact(true)).click();
        send(alice, "Glad you are here");
        assertThat(message(bob, "Glad you are here").locator(".reply-quote")).hasText("Bob: Hi Alice!");

        send(alice, "a typo to delete");
        Locator typo = message(alice, "a typo to delete");
        typo.hover();
        alice.onceDialog(dialog -> dialog.accept());
        typo.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Delete").setExact(true)).click();
        assertThat(messages(bob).last()).hasText("This message was deleted.");

        // content is text, never markup
        String xss = "<img src=x onerror=\"window.__pwned = true\"> <b>bold?</b>";
        send(alice, xss);
        assertThat(messages(bob).last()).hasText(xss);
        assertThat(bob.locator(".message-list img, .message-list b")).hasCount(0);
        assertThat(bob.evaluate("() => window.__pwned === undefined")).isEqualTo(true);
        bob.screenshot(new Page.ScreenshotOptions().setPath(SCREENSHOTS.resolve("conversation.png")));
    }

    @Test
    void aDroppedConnectionReconnectsAndResumesWithNothingLostOrDoubled() {
        String suffix = UUID.randomUUID().toString().substring(0, 6);
        Page alice = newPage(1280, 800);
        Page bob = newPage(1280, 800, false);
        AtomicBoolean offline = new AtomicBoolean();
        List<WebSocketRoute> bobsSockets = new ArrayList<>();
        // Bob's WebSocket goes through Playwright, which can drop it and refuse new ones while "offline"
        bob.routeWebSocket(java.util.regex.Pattern.compile(".*/ws/chat.*"), socket -> {
            if (offline.get()) {
                socket.close(DROPPED);
                return;
            }
            socket.connectToServer();
            synchronized (bobsSockets) {
                bobsSockets.add(socket);
            }
        });
        bob.navigate(base.toString()); // after the route: it applies to documents loaded from now on
        register(alice, "alice-" + suffix, "Alice");
        register(bob, "bob-" + suffix, "Bob");
        button(alice, "New room").click();
        label(alice, "Kind").selectOption("direct");
        label(alice, "Username of the person").fill("bob-" + suffix);
        button(alice, "Create").click();
        send(alice, "before the drop");
        bob.getByRole(AriaRole.NAVIGATION, new Page.GetByRoleOptions().setName("Rooms"))
                .getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName(java.util.regex.Pattern.compile("Alice"))).click();
        assertThat(messages(bob)).hasText(new String[]{"before the drop"});

        drop(bob, bobsSockets, offline);
        bob.screenshot(new Page.ScreenshotOptions().setPath(SCREENSHOTS.resolve("reconnecting.png")));
        for (int i = 1; i <= 5; i++) {
            send(alice, "while you were away " + i);
        }
        assertThat(alice.locator(".message.pending")).hasCount(0);
        offline.set(false);

        // the next attempt of the backoff brings the connection back and RESUME the five, in order, once
        assertThat(messages(bob)).hasText(new String[]{"before the drop", "while you were away 1", "while you were away 2",
                "while you were away 3", "while you were away 4", "while you were away 5"}, RECONNECTED);

        // Bob's own message, written while offline, is shown pending and sent once when the connection is back
        drop(bob, bobsSockets, offline);
        send(bob, "written offline");
        assertThat(bob.locator(".message.pending")).containsText("written offline");
        offline.set(false);
        assertThat(messages(alice)).hasText(new String[]{"before the drop", "while you were away 1", "while you were away 2",
                "while you were away 3", "while you were away 4", "while you were away 5", "written offline"}, RECONNECTED);
        assertThat(bob.locator(".message.pending")).hasCount(0, new LocatorAssertions.HasCountOptions().setTimeout(45_000));
        assertThat(messages(bob).filter(new Locator.FilterOptions().setHasText("written offline"))).hasCount(1);
    }

    @Test
    void historyScrollsBackPageByPageToTheBeginningOfTheRoom() {
        TestUser gus = TestUser.register(api, "gus");
        TestUser hal = TestUser.register(api, "hal");
        String room = gus.createGroup(api, "archive", hal).id();
        int count = 120; // more than two pages of 50
        for (int i = 1; i <= count; i++) {
            var sent = api.post("rooms/" + room + "/messages", new SendMessageRequest("old message " + i, null, null), gus.accessToken(),
                    "Idempotency-Key", "archive-" + i);
            assertThat(sent.statusCode()).as(sent.body()).isIn(201, 202);
        }
        Page page = newPage(1280, 800);
        logIn(page, hal);
        Locator archive = page.getByRole(AriaRole.NAVIGATION, new Page.GetByRoleOptions().setName("Rooms"))
                .getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName(java.util.regex.Pattern.compile("archive")));
        assertThat(archive.locator(".unread")).hasText(count + " unread");
        archive.click();
        assertThat(messages(page).last()).hasText("old message " + count);
        assertThat(archive.locator(".unread")).hasCount(0);

        // scrolling to the top loads the older pages (cursor before=), until the room's beginning
        Locator beginning = page.getByText("This is the beginning of the room.");
        for (int i = 0; i < 5 && !beginning.isVisible(); i++) {
            page.locator(".messages").evaluate("scroller => scroller.scrollTop = 0");
            page.waitForTimeout(300);
        }
        assertThat(beginning).isVisible();
        List<String> shown = messages(page).allTextContents();
        assertThat(shown).hasSize(count);
        for (int i = 0; i < count; i++) {
            assertThat(shown.get(i)).isEqualTo("old message " + (i + 1));
        }
    }

    /**
     * Files in the browser: a photo chosen in the composer goes straight to the store (presigned
     * PUT across origins: the store's CORS and the page's CSP both allow it) and shows inline to
     * the other member as its preview; files dropped on the conversation go too, one of them
     * without a type the browser knows (so through the server).
     */
    @Test
    void aPhotoChosenAndFilesDroppedAreUploadedSentAndShownToTheOtherMember() throws Exception {
        TestUser ivy = TestUser.register(api, "ivy");
        TestUser jon = TestUser.register(api, "jon");
        ivy.createGroup(api, "photos", jon);
        Path photo = Files.createTempDirectory("upload").resolve("beach.jpg");
        Files.write(photo, Uploads.photoWithExif(640, 480));
        // on loopback, as the store: Chromium refuses a page of a public address the way to a loopback one (Private Network Access)
        String onLoopback = base.toString().replace(base.getHost(), "127.0.0.1");
        Page ivysPage = newPage(1280, 800, false);
        ivysPage.navigate(onLoopback);
        logIn(ivysPage, ivy);
        openRoom(ivysPage, "photos");
        Page jonsPage = newPage(1280, 800, false);
        jonsPage.navigate(onLoopback);
        logIn(jonsPage, jon);
        openRoom(jonsPage, "photos");

        ivysPage.locator(".composer input[type=file]").setInputFiles(photo);
        assertThat(ivysPage.locator(".draft.ready")).hasCount(1);
        send(ivysPage, "from the beach");

        assertThat(messages(jonsPage)).containsText(new String[]{"from the beach"});
        Locator image = jonsPage.locator(".message-list .attachment.image img");
        assertThat(image).hasAttribute("alt", "beach.jpg");
        await().atMost(Duration.ofSeconds(15)).until(() -> ((Number) image.evaluate("img => img.complete ? img.naturalWidth : 0")).intValue() == 320);
        jonsPage.screenshot(new Page.ScreenshotOptions().setPath(SCREENSHOTS.resolve("attachments.png")));

        var dropped = ivysPage.evaluateHandle("""
                () => {
                    const files = new DataTransfer();
                    files.items.add(new File(['meeting notes'], 'notes.txt', {type: 'text/plain'}));
                    files.items.add(new File(['plain words, no type given'], 'README', {type: ''}));
                    return files;
                }""");
        ivysPage.locator(".conversation-body").dispatchEvent("drop", Map.of("dataTransfer", dropped));
        assertThat(ivysPage.locator(".draft.ready")).hasCount(2);
        label(ivysPage, "Message").press("Enter"); // files alone, no text
        Locator files = jonsPage.locator(".message-list .attachment.file a");
        assertThat(files).hasCount(2);
        assertThat(files.first()).containsText("notes.txt");
        assertThat(files.last()).containsText("README");
        assertThat(files.first()).hasAttribute("href", java.util.regex.Pattern.compile("/api/v1/attachments/.+/content\\?"));
    }

    @Test
    void aMessageIsFoundFromTheSearchDialogWithItsHitsMarkedAndOpensItsRoom() {
        TestUser kim = TestUser.register(api, "kim");
        TestUser lee = TestUser.register(api, "lee");
        String room = kim.createGroup(api, "plans", lee).id();
        var sent = api.post("rooms/" + room + "/messages", new SendMessageRequest("we are running late <b>today</b>", null, null),
                kim.accessToken(), "Idempotency-Key", "plans-1");
        assertThat(sent.statusCode()).as(sent.body()).isEqualTo(201);
        await().atMost(Duration.ofSeconds(15)).until(() -> api.get("search/messages?q=run", lee.accessToken()).body().contains("running"));
        Page page = newPage(1280, 800);
        logIn(page, lee);

        button(page, "Search").click();
        label(page, "Search my rooms").fill("run");
        label(page, "Search my rooms").press("Enter");

        Locator hit = page.locator(".search-hit");
        assertThat(hit).hasCount(1);
        assertThat(hit.locator("mark")).hasText("running");
        assertThat(hit).containsText("today"); // PostgreSQL's snippet leaves tags out of the text …
        assertThat(hit.locator("b")).hasCount(0); // … and the page makes none of it markup
        hit.locator("button").click();
        assertThat(page.locator("#room-title")).containsText("plans");
        assertThat(messages(page)).containsText(new String[]{"we are running late <b>today</b>"});
    }

    @Test
    void aMemberChoosesHowTheyAreNotifiedAndSeesTheMessagesThatMentionThem() {
        TestUser kim = TestUser.register(api, "kim");
        TestUser lee = TestUser.register(api, "lee");
        String room = kim.createGroup(api, "news", lee).id();
        Page page = newPage(1280, 800);
        logIn(page, lee);
        // turning them on needs the browser's push service, out of reach here (NotificationsIT stands in for one): the button says what it can
        String browser = (String) page.evaluate("() => JSON.stringify({push: 'serviceWorker' in navigator && 'PushManager' in window"
                + " && 'Notification' in window && isSecureContext, permission: window.Notification ? Notification.permission : null})");
        if (!browser.contains("\"push\":true")) {
            assertThat(page.locator(".push-toggle")).isHidden();
        } else {
            assertThat(page.locator(".push-toggle")).hasText(browser.contains("denied") ? "Notifications blocked" : "Turn on notifications");
        }
        System.out.println("[WebClientIT] push in this browser: " + browser);

        openRoom(page, "news");
        button(page, "Members and settings").click();
        assertThat(label(page, "Tell me about")).hasValue("");
        label(page, "Tell me about").selectOption("mentions");
        label(page, "Mute").selectOption("8");
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            String settings = api.get("rooms/" + room + "/notifications", lee.accessToken()).body();
            assertThat(settings).contains("\"notifications\":\"mentions\"", "\"roomDefault\":false", "\"mutedUntil\"");
        });
        assertThat(label(page, "Mute")).hasValue("keep");
        page.keyboard().press("Escape");

        var sent = api.post("rooms/" + room + "/messages", new SendMessageRequest("@" + lee.username() + " the news is out", null, null),
                kim.accessToken(), "Idempotency-Key", "news-1");
        assertThat(sent.statusCode()).as(sent.body()).isEqualTo(201);
        assertThat(page.locator(".message.mentions-me .content")).hasText("@" + lee.username() + " the news is out");
    }

    private static void openRoom(Page page, String name) {
        page.getByRole(AriaRole.NAVIGATION, new Page.GetByRoleOptions().setName("Rooms"))
                .getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName(java.util.regex.Pattern.compile(name))).click();
        assertThat(page.locator("#room-title")).containsText(name);
    }

    @Test
    void anOwnerAddsAMemberMakesThemAdminAndRemovesThem() {
        TestUser kai = TestUser.register(api, "kai");
        TestUser lea = TestUser.register(api, "lea");
        String crew = kai.createGroup(api, "crew").id();
        Page owner = newPage(1280, 800);
        logIn(owner, kai);
        Page member = newPage(1280, 800);
        logIn(member, lea);

        owner.getByRole(AriaRole.NAVIGATION, new Page.GetByRoleOptions().setName("Rooms"))
                .getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName(java.util.regex.Pattern.compile("crew"))).click();
        button(owner, "Members and settings").click();
        label(owner, "Add a member by username").fill(lea.username());
        button(owner, "Add").click();
        Locator leaInList = owner.locator(".member", new Page.LocatorOptions().setHasText("@" + lea.username()));
        assertThat(leaInList).isVisible();
        // the new member's open page gets the room live (MEMBERSHIP JOINED)
        Locator leasRoom = member.getByRole(AriaRole.NAVIGATION, new Page.GetByRoleOptions().setName("Rooms"))
                .getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName(java.util.regex.Pattern.compile("crew")));
        assertThat(leasRoom).isVisible();

        label(owner, "Role of " + lea.username()).selectOption("admin");
        assertThat(label(owner, "Role of " + lea.username())).hasValue("admin");
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(
                ApiClient.readList(api.get("rooms/" + crew + "/members", kai.accessToken()), MemberView.class))
                .filteredOn(m -> m.userId().equals(lea.id())).extracting(MemberView::role).containsExactly("admin"));

        button(owner, "Remove " + lea.username()).click();
        assertThat(leaInList).hasCount(0);
        assertThat(leasRoom).hasCount(0); // MEMBERSHIP REMOVED takes it from her list
        assertThat(member.getByRole(AriaRole.ALERT)).containsText("You were removed from crew.");
    }

    @Test
    void refusalsAreShownInWords() {
        String suffix = UUID.randomUUID().toString().substring(0, 6);
        Page ivy = newPage(1280, 800, false);
        RecordedSockets sockets = new RecordedSockets(ivy);
        ivy.navigate(base.toString());
        register(ivy, "ivy-" + suffix, "Ivy");
        WebSocketRoute socket = sockets.lastPageSide();

        // ERROR frames as the server sends them (docs/protocol.md), played to the page
        socket.send("{\"type\":\"ERROR\",\"code\":\"RATE_LIMITED\",\"message\":\"slow down\",\"retryable\":true,\"retryAfterMs\":12000}");
        assertThat(ivy.getByRole(AriaRole.ALERT)).containsText("You are sending too fast. Wait 12 s and try again.");
        socket.send("{\"type\":\"ERROR\",\"code\":\"NOT_A_MEMBER\",\"message\":\"not a member of room x\",\"retryable\":false}");
        assertThat(ivy.getByRole(AriaRole.ALERT)).containsText("You are not a member of this room.");

        // and a refusal of the REST API: a direct message to nobody
        button(ivy, "New room").click();
        label(ivy, "Kind").selectOption("direct");
        assertThat(label(ivy, "Name")).isHidden();
        label(ivy, "Username of the person").fill("nobody-" + suffix);
        button(ivy, "Create").click();
        assertThat(ivy.getByRole(AriaRole.DIALOG).getByRole(AriaRole.ALERT)).containsText("Check the username.");
    }

    @Test
    void theServerAskingForANewTokenIsAnsweredSilentlyWithRefreshAndReauth() {
        String suffix = UUID.randomUUID().toString().substring(0, 6);
        Page erin = newPage(1280, 800, false);
        RecordedSockets sockets = new RecordedSockets(erin);
        erin.navigate(base.toString());
        register(erin, "erin-" + suffix, "Erin");
        String before = accessToken(erin);

        // what the server sends once a session's token has expired (docs/protocol.md, "Connecting")
        sockets.lastPageSide().send("{\"type\":\"ERROR\",\"code\":\"UNAUTHORIZED\",\"message\":\"token expired: send REAUTH\",\"retryable\":false}");

        erin.waitForCondition(() -> sockets.sent("REAUTH"));
        sockets.assertOneReauthWithANewToken(before, accessToken(erin));
        assertThat(erin.locator(".notice")).hasCount(0);
        assertThat(connection(erin, "Connected")).isVisible();
    }

    @Test
    void aTokenCloseToItsExpiryIsRefreshedAndHandedToTheOpenSocketInTime() {
        String suffix = UUID.randomUUID().toString().substring(0, 6);
        Page fay = newPage(1280, 800, false);
        RecordedSockets sockets = new RecordedSockets(fay);
        fay.navigate(base.toString());
        register(fay, "fay-" + suffix, "Fay");
        String before = accessToken(fay);

        // another page of the same origin (the tokens' storage is shared) says the token has 70 s left,
        // as the clock would after 14 of its 15 minutes; the chat's refresh is due a minute before expiry
        Page sameOrigin = fay.context().newPage();
        sameOrigin.navigate(base.resolve("app.css").toString());
        sameOrigin.evaluate("() => { const s = JSON.parse(localStorage.getItem('chat.session'));"
                + " s.issuedAt = Date.now() - 830000; s.expiresAt = Date.now() + 70000;"
                + " localStorage.setItem('chat.session', JSON.stringify(s)); }");

        fay.waitForCondition(() -> sockets.sent("REAUTH"),
                new Page.WaitForConditionOptions().setTimeout(20_000));
        sockets.assertOneReauthWithANewToken(before, accessToken(fay));
        fay.waitForTimeout(1000); // a refused REAUTH is answered with an ERROR at once
        assertThat(sockets.sentToPage).noneMatch(frame -> frame.contains("\"ERROR\""));
        assertThat(fay.locator(".notice")).hasCount(0);
        assertThat(connection(fay, "Connected")).isVisible();
    }

    /**
     * Drops Bob's WebSocket and refuses new ones until {@code offline} is cleared. Playwright opens a
     * routed socket in the page before the handler can refuse it, so the client sees brief opens that
     * close at once, as with a server that accepts and drops: it backs off all the same.
     */
    private static void drop(Page page, List<WebSocketRoute> sockets, AtomicBoolean offline) {
        offline.set(true);
        synchronized (sockets) {
            sockets.forEach(socket -> socket.close(DROPPED));
            sockets.clear();
        }
        assertThat(connection(page, "Reconnecting")).isVisible();
    }

    @Test
    void logoutEndsTheLoginOnTheServerAndThePhoneLayoutShowsOnePaneAtATime() {
        String suffix = UUID.randomUUID().toString().substring(0, 6);
        Page carol = newPage(390, 844);
        assertThat(carol.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setName("Log in to Chat"))).isVisible();
        carol.screenshot(new Page.ScreenshotOptions().setPath(SCREENSHOTS.resolve("login-phone.png")));
        register(carol, "carol-" + suffix, "Carol");
        button(carol, "New room").click();
        label(carol, "Kind").selectOption("channel");
        label(carol, "Name").fill("news-" + suffix);
        button(carol, "Create").click();
        assertThat(carol.locator("#room-title")).hasText("news-" + suffix);
        assertThat(carol.getByRole(AriaRole.NAVIGATION, new Page.GetByRoleOptions().setName("Rooms"))).isHidden();
        send(carol, "first news");
        carol.screenshot(new Page.ScreenshotOptions().setPath(SCREENSHOTS.resolve("conversation-phone.png")));
        button(carol, "Back to rooms").click();
        assertThat(carol.getByRole(AriaRole.NAVIGATION, new Page.GetByRoleOptions().setName("Rooms"))).isVisible();

        // a second user finds the channel in the directory and joins it
        Page dave = newPage(1280, 800);
        register(dave, "dave-" + suffix, "Dave");
        button(dave, "Browse channels").click();
        label(dave, "Find a channel").fill("news-" + suffix);
        button(dave, "Join news-" + suffix).click();
        assertThat(dave.locator("#room-title")).hasText("news-" + suffix);
        assertThat(messages(dave)).hasText(new String[]{"first news"});

        Object session = carol.evaluate("() => JSON.parse(localStorage.getItem('chat.session'))");
        String refreshToken = (String) ((Map<?, ?>) session).get("refreshToken");
        // the page shows the login at once and tells the server meanwhile: the check waits for that request's answer
        var loggedOut = carol.waitForResponse(response -> response.url().endsWith("/api/v1/auth/logout"), () -> button(carol, "Log out").click());
        assertThat(loggedOut.status()).isEqualTo(204);
        assertThat(carol.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setName("Log in to Chat"))).isVisible();
        assertThat(carol.evaluate("() => localStorage.getItem('chat.session')")).isNull();
        assertThat(api.post("auth/refresh", new RefreshRequest(refreshToken), null).statusCode())
                .as("the refresh token of a logged-out session").isEqualTo(401);
    }

    /**
     * A page's chat WebSocket through Playwright (routed before the page loads: it applies to documents
     * loaded after it), both directions forwarded by hand and recorded, and the page sides kept so that
     * a test can play server frames to the page.
     */
    private static final class RecordedSockets {
        final List<String> sentToServer = java.util.Collections.synchronizedList(new ArrayList<>());
        final List<String> sentToPage = java.util.Collections.synchronizedList(new ArrayList<>());
        private final List<WebSocketRoute> pageSides = java.util.Collections.synchronizedList(new ArrayList<>());

        RecordedSockets(Page page) {
            page.routeWebSocket(java.util.regex.Pattern.compile(".*/ws/chat.*"), socket -> {
                WebSocketRoute server = socket.connectToServer();
                socket.onMessage(frame -> {
                    sentToServer.add(frame.text());
                    server.send(frame.text());
                });
                server.onMessage(frame -> {
                    sentToPage.add(frame.text());
                    socket.send(frame.text());
                });
                pageSides.add(socket);
            });
        }

        boolean sent(String type) {
            return sentToServer.stream().anyMatch(frame -> frame.contains("\"type\":\"" + type + "\""));
        }

        /** The page refreshed its token and handed the new one (stored as the session's) to the server, once. */
        void assertOneReauthWithANewToken(String before, String after) {
            assertThat(after).isNotEqualTo(before);
            assertThat(sentToServer).filteredOn(frame -> frame.contains("\"REAUTH\"")).singleElement().asString().contains(after);
        }

        WebSocketRoute lastPageSide() {
            return pageSides.get(pageSides.size() - 1);
        }
    }

    private Page newPage(int width, int height) {
        return newPage(width, height, true);
    }

    private Page newPage(int width, int height, boolean open) {
        BrowserContext context = browser.newContext(new Browser.NewContextOptions().setViewportSize(width, height));
        context.setDefaultTimeout(15_000);
        contexts.add(context);
        Page page = context.newPage();
        page.onPageError(error -> System.err.println("[browser] page error: " + error));
        page.onConsoleMessage(message -> {
            if ("error".equals(message.type()) || message.text().startsWith("[chat]")) {
                System.err.println("[browser] console " + message.type() + ": " + message.text());
            }
        });
        if (open) {
            page.navigate(base.toString());
        }
        return page;
    }

    private static void register(Page page, String username, String displayName) {
        button(page, "New here? Create an account").click();
        label(page, "Username").fill(username);
        label(page, "Password").fill("correct horse battery");
        label(page, "Display name (optional)").fill(displayName);
        button(page, "Create account").click();
        assertThat(page.locator(".me-name")).hasText(displayName);
        assertThat(connection(page, "Connected")).isVisible();
    }

    private static void logIn(Page page, TestUser user) {
        label(page, "Username").fill(user.username());
        label(page, "Password").fill(user.password());
        button(page, "Log in").click();
        assertThat(connection(page, "Connected")).isVisible();
    }

    /** The top bar's connection state ("Connected", "Reconnecting…"). */
    private static Locator connection(Page page, String state) {
        return page.getByRole(AriaRole.STATUS).filter(new Locator.FilterOptions().setHasText(state));
    }

    private static String accessToken(Page page) {
        return (String) page.evaluate("() => JSON.parse(localStorage.getItem('chat.session')).accessToken");
    }

    private static Locator label(Page page, String text) {
        return page.getByLabel(text, new Page.GetByLabelOptions().setExact(true));
    }

    private static Locator button(Page page, String name) {
        return page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName(name).setExact(true));
    }

    private static void send(Page page, String text) {
        label(page, "Message").fill(text);
        label(page, "Message").press("Enter");
    }

    private static Locator messages(Page page) {
        return page.locator(".message-list .message:not(.pending) .content");
    }

    private static Locator message(Page page, String text) {
        return page.locator(".message-list .message:not(.pending)", new Page.LocatorOptions().setHas(
                page.locator(".content", new Page.LocatorOptions().setHasText(text))));
    }
}
