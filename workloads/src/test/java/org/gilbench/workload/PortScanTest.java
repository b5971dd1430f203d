package org.gilbench.workload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import org.gilbench.model.ExecutionModel;
import org.gilbench.model.Model;
import org.gilbench.model.ModelSpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** port-scan: the listening ports and only they are found, under every model; a stranger's port is caught. */
class PortScanTest {

    @AfterEach
    void nothingLeft() {
        Leftovers.assertNone();
    }

    @Test
    void everyModelFindsExactlyTheListeningPorts() throws Exception {
        try (PortScan.Listeners listeners = PortScan.Listeners.open(512, 6)) {
            assertEquals(6, listeners.open().size());
            PortScan scan = PortScan.over(listeners, 16);
            for (Model model : java.util.Arrays.stream(Model.values()).filter(Model::onClassPath).toList()) { // distributed: its own module's tests
                try (ExecutionModel m = model.open(ModelSpec.of(model == Model.SERIAL ? 1 : 4))) {
                    long[] results = m.run(scan.tasks());
                    scan.verify(results);
                    long found = 0;
                    for (long r : results) {
                        found += PortScan.foundCount(r);
                    }
                    assertEquals(6, found, m.describe());
                }
            }
        }
    }

    @Test
    void aPortSomeoneElseOpensInTheRangeFailsTheScan() throws Exception {
        try (PortScan.Listeners listeners = PortScan.Listeners.open(64, 2);
                ExecutionModel m = Model.THREAD_POOL.open(ModelSpec.of(2))) {
            int stranger = listeners.first();
            while (listeners.open().contains(stranger)) {
                stranger++;
            }
            PortScan scan = PortScan.over(listeners, 4);
            try (ServerSocket extra = new ServerSocket()) {
                extra.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), stranger));
                long[] results = m.run(scan.tasks());
                IllegalStateException e = assertThrows(IllegalStateException.class, () -> scan.verify(results));
                // The block holding the stranger's port found one more than its listeners.
                assertTrue(e.getMessage().contains("expected exactly"), e.getMessage());
            }
            scan.verify(m.run(scan.tasks())); // closed again: exactly the listeners
        }
    }

    @Test
    void blocksCoverTheRangeOnceAndBadParametersNameThemselves() {
        try (PortScan.Listeners listeners = PortScan.Listeners.open(100, 3)) {
            PortScan scan = PortScan.over(listeners, 7);
            int next = listeners.first();
            for (Task t : scan.tasks()) {
                PortScan.Block b = (PortScan.Block) t;
                assertEquals(next, b.first());
                assertTrue(b.count() == 14 || b.count() == 15);
                next += b.count();
            }
            assertEquals(listeners.first() + 100, next);
            assertEquals("port-scan: blocks must be in 1..100, got 101",
                    assertThrows(IllegalArgumentException.class, () -> PortScan.over(listeners, 101)).getMessage());
        }
        assertEquals("port-scan: open must be in 0..10, got 11",
                assertThrows(IllegalArgumentException.class, () -> PortScan.Listeners.open(10, 11)).getMessage());
    }
}
