package verticles.simulator;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SimulateCommandTest {

    @Test
    void theUsageNamesEveryOption() {
        String usage = SimulateCommand.usage();
        for (String flag : new String[] {"--url", "--api-key", "--couriers", "--interval", "--speed", "--mode", "--trips",
            "--duration"}) {
            assertTrue(usage.contains(flag), flag);
        }
    }

    @Test
    void badCommandLinesAreRefusedBeforeAnythingRuns() throws Exception {
        assertEquals(2, SimulateCommand.run(new String[] {"--nonsense", "1"}));
        assertEquals(2, SimulateCommand.run(new String[] {"--url"}));
        assertEquals(2, SimulateCommand.run(new String[] {"--url", "http://127.0.0.1:1"}), "no API key");
        assertEquals(2, SimulateCommand.run(new String[] {"--url", "http://127.0.0.1:1", "--api-key", "k",
            "--mode", "boats"}));
        assertEquals(2, SimulateCommand.run(new String[] {"--url", "http://127.0.0.1:1", "--api-key", "k",
            "--couriers", "0"}));
    }

    @Test
    void aMeridianThatDoesNotAnswerIsReportedNotWaitedFor() throws Exception {
        assertEquals(1, SimulateCommand.run(new String[] {"--url", "http://127.0.0.1:1", "--api-key", "k"}));
    }
}
