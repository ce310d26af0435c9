package verticles.api.adversarial;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Sends a {@link RawRequest} on a connection of its own and reads the answer. An answer that never
 * comes (the connection closed or reset before a status line, or nothing within the timeout) is a
 * {@linkplain Answer#dropped dropped} connection. An event stream is read up to its headers only.
 */
final class RawHttp {

    private static final int TIMEOUT_MS = 20_000;

    private final String host;
    private final int port;

    RawHttp(String host, int port) {
        this.host = host;
        this.port = port;
    }

    /** The status (0 when dropped), the headers by lower-case name, and the body as text. */
    record Answer(int status, Map<String, String> headers, String body, String dropped) {
        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }

        @Override
        public String toString() {
            return dropped != null ? "dropped: " + dropped
                : status + " " + header("content-type") + " " + (body.length() > 400 ? body.substring(0, 400) + "…" : body);
        }
    }

    Answer send(RawRequest request) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), TIMEOUT_MS);
            socket.setSoTimeout(TIMEOUT_MS);
            try {
                socket.getOutputStream().write(request.bytes(host + ":" + port));
                socket.getOutputStream().flush();
            } catch (IOException e) {
                // The server may answer (413, 400) and close before a large body is written; read what it said.
            }
            return read(socket.getInputStream());
        } catch (IOException e) {
            return new Answer(0, Map.of(), "", e.toString());
        }
    }

    private static Answer read(InputStream in) throws IOException {
        String head;
        try {
            head = readHead(in);
        } catch (IOException e) {
            return new Answer(0, Map.of(), "", e.toString());
        }
        if (head == null) {
            return new Answer(0, Map.of(), "", "the connection closed before a status line");
        }
        String[] lines = head.split("\r\n");
        String[] statusLine = lines[0].split(" ", 3);
        int status = Integer.parseInt(statusLine[1]);
        Map<String, String> headers = new TreeMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon > 0) {
                headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).trim());
            }
        }
        String type = headers.getOrDefault("content-type", "");
        if (type.startsWith("text/event-stream")) {
            return new Answer(status, headers, "", null);
        }
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        try {
            in.transferTo(body);
        } catch (IOException e) {
            // A reset after a complete answer (the server closing a connection it refused) loses nothing we check.
        }
        return new Answer(status, headers, body.toString(StandardCharsets.UTF_8), null);
    }

    /** The status line and headers, up to the blank line; null if the connection closed first. */
    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        byte[] end = {'\r', '\n', '\r', '\n'};
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                return head.size() == 0 ? null : head.toString(StandardCharsets.ISO_8859_1);
            }
            head.write(b);
            matched = b == end[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
        }
        return head.toString(StandardCharsets.ISO_8859_1).trim();
    }
}
