package verticles.api.adversarial;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * One HTTP/1.1 request as bytes on the wire, so that a case can send what no well-behaved client
 * library would: control characters in headers, invalid UTF-8, duplicate keys, a BOM.
 */
record RawRequest(String method, String target, List<Header> headers, byte[] body) {

    /** A header as raw bytes; the value may hold anything but CR and LF. */
    record Header(String name, byte[] value) {
        static Header of(String name, String value) {
            return new Header(name, value.getBytes(StandardCharsets.UTF_8));
        }
    }

    RawRequest with(Header header) {
        List<Header> more = new ArrayList<>(headers);
        more.removeIf(h -> h.name().equalsIgnoreCase(header.name()));
        more.add(header);
        return new RawRequest(method, target, more, body);
    }

    RawRequest without(String headerName) {
        List<Header> fewer = new ArrayList<>(headers);
        fewer.removeIf(h -> h.name().equalsIgnoreCase(headerName));
        return new RawRequest(method, target, fewer, body);
    }

    RawRequest withBody(byte[] newBody) {
        return new RawRequest(method, target, headers, newBody);
    }

    RawRequest withTarget(String newTarget) {
        return new RawRequest(method, newTarget, headers, body);
    }

    byte[] bytes(String host) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes((method + " " + target + " HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n")
            .getBytes(StandardCharsets.ISO_8859_1));
        for (Header h : headers) {
            out.writeBytes((h.name() + ": ").getBytes(StandardCharsets.ISO_8859_1));
            out.writeBytes(h.value());
            out.writeBytes(new byte[] {'\r', '\n'});
        }
        if (body != null) {
            out.writeBytes(("Content-Length: " + body.length + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
        }
        out.writeBytes(new byte[] {'\r', '\n'});
        if (body != null) {
            out.writeBytes(body);
        }
        return out.toByteArray();
    }

    /** The request spelled out for a failure message: enough to replay it with any HTTP tool. */
    String describe() {
        StringBuilder s = new StringBuilder(method).append(' ').append(shorten(target)).append('\n');
        for (Header h : headers) {
            if (!h.name().equalsIgnoreCase("Authorization") && !h.name().equalsIgnoreCase("X-API-Key")) {
                s.append("  ").append(h.name()).append(": ").append(printable(h.value())).append('\n');
            }
        }
        if (body != null) {
            s.append("  body (").append(body.length).append(" bytes): ").append(printable(body));
        }
        return s.toString();
    }

    /** Bytes as text with every byte outside printable ASCII written as \xNN, cut at 600 characters. */
    static String printable(byte[] bytes) {
        StringBuilder s = new StringBuilder();
        for (byte b : bytes) {
            int c = b & 0xff;
            s.append(c >= 0x20 && c < 0x7f && c != '\\' ? String.valueOf((char) c) : String.format("\\x%02x", c));
            if (s.length() > 600) {
                return s + "…";
            }
        }
        return s.toString();
    }

    private static String shorten(String text) {
        return text.length() > 300 ? text.substring(0, 300) + "…(" + text.length() + " characters)" : text;
    }
}
