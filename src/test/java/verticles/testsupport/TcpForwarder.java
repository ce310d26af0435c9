package verticles.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * Listens on one address and port and forwards every connection to another, optionally holding
 * each chunk for a fixed delay in each direction (this kernel has no {@code netem}: this is the
 * delaying link). Used to make a store on loopback reachable at a lab address, and to put
 * latency between hosts.
 */
public final class TcpForwarder implements AutoCloseable {

    private record Chunk(byte[] bytes, long sendAtNanos) {
    }

    private static final Chunk END = new Chunk(new byte[0], 0);

    private final ServerSocket server;
    private final String targetHost;
    private final int targetPort;
    private final long delayNanos;
    private final List<Socket> open = new CopyOnWriteArrayList<>();
    private final int[] sourcePorts;
    private int nextSourcePort;

    private TcpForwarder(ServerSocket server, String targetHost, int targetPort, Duration delay, int[] sourcePorts) {
        this.server = server;
        this.targetHost = targetHost;
        this.targetPort = targetPort;
        this.delayNanos = delay.toNanos();
        this.sourcePorts = sourcePorts;
    }

    public static TcpForwarder start(String host, int port, String targetHost, int targetPort, Duration delay)
        throws IOException {
        return start(host, port, targetHost, targetPort, delay, null);
    }

    /**
     * As {@link #start(String, int, String, int, Duration)}, with the onward connections made from
     * local ports in {@code [sourcePorts[0], sourcePorts[1]]}, so a firewall rule can tell them
     * from the connections it redirects here.
     */
    public static TcpForwarder start(String host, int port, String targetHost, int targetPort, Duration delay,
                                     int[] sourcePorts) throws IOException {
        ServerSocket server = new ServerSocket(port, 256, InetAddress.getByName(host));
        TcpForwarder forwarder = new TcpForwarder(server, targetHost, targetPort, delay, sourcePorts);
        Thread acceptor = new Thread(forwarder::accept, "forward-" + host + ":" + port);
        acceptor.setDaemon(true);
        acceptor.start();
        return forwarder;
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                daemon(() -> forward(client));
            } catch (IOException e) {
                if (server.isClosed()) {
                    return;
                }
            }
        }
    }

    /** Connects onward and pumps both ways; a target that cannot be reached closes the client, as a refusal would. */
    private void forward(Socket client) {
        try {
            Socket target = connect();
            // Chunks go on as they come: Nagle's algorithm would hold small ones back on top of the delay.
            client.setTcpNoDelay(true);
            target.setTcpNoDelay(true);
            open.add(client);
            open.add(target);
            pump(client, target);
            pump(target, client);
        } catch (IOException unreachable) {
            closeQuietly(client);
        }
    }

    private Socket connect() throws IOException {
        if (sourcePorts == null) {
            return new Socket(targetHost, targetPort);
        }
        java.net.BindException last = null;
        for (int tries = 0; tries <= sourcePorts[1] - sourcePorts[0]; tries++) {
            Socket socket = new Socket();
            try {
                socket.setReuseAddress(true);
                socket.bind(new java.net.InetSocketAddress(nextSourcePort()));
            } catch (java.net.BindException busy) {
                last = busy;
                closeQuietly(socket);
                continue;
            }
            try {
                socket.connect(new java.net.InetSocketAddress(targetHost, targetPort), 5_000);
                return socket;
            } catch (IOException refused) {
                closeQuietly(socket);
                throw refused;
            }
        }
        throw last;
    }

    private synchronized int nextSourcePort() {
        return sourcePorts[0] + nextSourcePort++ % (sourcePorts[1] - sourcePorts[0] + 1);
    }

    /**
     * Runs forwarders in a process of its own (so in another network namespace, through
     * {@code ip netns exec}) until killed. Each argument is
     * {@code listenHost:listenPort>targetHost:targetPort}; the options {@code --delay-ms N} and
     * {@code --source-ports FROM-TO} come first.
     */
    public static void main(String[] args) throws Exception {
        Duration delay = Duration.ZERO;
        int[] sourcePorts = null;
        int i = 0;
        for (; i < args.length && args[i].startsWith("--"); i += 2) {
            if (args[i].equals("--delay-ms")) {
                delay = Duration.ofMillis(Long.parseLong(args[i + 1]));
            } else if (args[i].equals("--source-ports")) {
                String[] range = args[i + 1].split("-");
                sourcePorts = new int[] {Integer.parseInt(range[0]), Integer.parseInt(range[1])};
            }
        }
        for (; i < args.length; i++) {
            String[] sides = args[i].split(">");
            String[] listen = sides[0].split(":");
            String[] target = sides[1].split(":");
            start(listen[0], Integer.parseInt(listen[1]), target[0], Integer.parseInt(target[1]), delay, sourcePorts);
        }
        System.out.println("forwarding");
        Thread.currentThread().join();
    }

    /** One direction: a reader stamps each chunk, a writer sends it once its delay has passed. */
    private void pump(Socket from, Socket to) throws IOException {
        InputStream in = from.getInputStream();
        OutputStream out = to.getOutputStream();
        BlockingQueue<Chunk> chunks = new LinkedBlockingQueue<>();
        daemon(() -> {
            byte[] buffer = new byte[16 * 1024];
            try {
                int read;
                while ((read = in.read(buffer)) >= 0) {
                    chunks.add(new Chunk(Arrays.copyOf(buffer, read), System.nanoTime() + delayNanos));
                }
            } catch (IOException ignored) {
                // the connection ended
            }
            chunks.add(END);
        });
        daemon(() -> {
            try {
                Chunk chunk;
                while ((chunk = chunks.take()) != END) {
                    long wait = chunk.sendAtNanos() - System.nanoTime();
                    if (wait > 0) {
                        Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                    }
                    out.write(chunk.bytes());
                    out.flush();
                }
            } catch (IOException | InterruptedException ignored) {
                // the connection ended
            }
            closeQuietly(from);
            closeQuietly(to);
            open.remove(from);
            open.remove(to);
        });
    }

    private static void daemon(Runnable task) {
        Thread thread = new Thread(task, "forward-pump");
        thread.setDaemon(true);
        thread.start();
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // already closed
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        open.forEach(TcpForwarder::closeQuietly);
    }
}
