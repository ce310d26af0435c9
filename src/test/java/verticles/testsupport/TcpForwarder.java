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

    private TcpForwarder(ServerSocket server, String targetHost, int targetPort, Duration delay) {
        this.server = server;
        this.targetHost = targetHost;
        this.targetPort = targetPort;
        this.delayNanos = delay.toNanos();
    }

    public static TcpForwarder start(String host, int port, String targetHost, int targetPort, Duration delay)
        throws IOException {
        ServerSocket server = new ServerSocket(port, 256, InetAddress.getByName(host));
        TcpForwarder forwarder = new TcpForwarder(server, targetHost, targetPort, delay);
        Thread acceptor = new Thread(forwarder::accept, "forward-" + host + ":" + port);
        acceptor.setDaemon(true);
        acceptor.start();
        return forwarder;
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                Socket target = new Socket(targetHost, targetPort);
                open.add(client);
                open.add(target);
                pump(client, target);
                pump(target, client);
            } catch (IOException e) {
                if (server.isClosed()) {
                    return;
                }
            }
        }
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
