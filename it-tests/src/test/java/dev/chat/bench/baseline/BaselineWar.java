package dev.chat.bench.baseline;

import dev.chat.connection.control.TyrusIdleTimers;
import dev.chat.platform.concurrent.PlainThreads;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.exporter.ZipExporter;
import org.jboss.shrinkwrap.api.spec.WebArchive;

import java.io.File;

/** Writes the baseline WAR (benchmark only) to the file named by the first argument. */
public final class BaselineWar {
    private BaselineWar() {
    }

    public static void main(String[] args) {
        ShrinkWrap.create(WebArchive.class, "baseline.war")
                .addClasses(BroadcastEndpoint.class, TyrusIdleTimers.class, TyrusIdleTimers.Mode.class, PlainThreads.class)
                .as(ZipExporter.class).exportTo(new File(args[0]), true);
        System.out.println("baseline WAR: " + args[0]);
    }
}
