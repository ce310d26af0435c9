package verticles.api.contract;

import java.util.Locale;

/** The two parts of a {@code Content-Type} header the contract check looks at. */
final class ContentType {

    private ContentType() {
    }

    /** The charset parameter of a Content-Type, lower-cased and unquoted; null without one. */
    static String charset(String header) {
        if (header == null) {
            return null;
        }
        for (String part : header.split(";")) {
            String p = part.trim().toLowerCase(Locale.ROOT);
            if (p.startsWith("charset=")) {
                return p.substring("charset=".length()).replace("\"", "").trim();
            }
        }
        return null;
    }

    /** {@code Application/JSON; charset=utf-8} → {@code application/json}; "" when absent. */
    static String mediaType(String header) {
        if (header == null) {
            return "";
        }
        int semicolon = header.indexOf(';');
        return (semicolon < 0 ? header : header.substring(0, semicolon)).trim().toLowerCase(Locale.ROOT);
    }
}
