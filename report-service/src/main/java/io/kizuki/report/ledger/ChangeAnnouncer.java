package io.kizuki.report.ledger;

import java.util.Collection;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;

/**
 * Told by the live projection which incidents a committed batch touched (the incidents read model tells open
 * consoles). The projection engine knows no read model; read models know the engine.
 */
public interface ChangeAnnouncer {

    Uni<Void> announce(Pool pool, Collection<String> incidentIds);
}
