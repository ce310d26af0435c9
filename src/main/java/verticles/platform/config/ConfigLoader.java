package verticles.platform.config;

import io.vertx.config.ConfigRetriever;
import io.vertx.config.ConfigRetrieverOptions;
import io.vertx.config.ConfigStoreOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Loads {@code conf/meridian.yaml}, then {@code conf/meridian-<profile>.yaml} on top of it, with
 * vertx-config, then applies environment overrides. Missing files are fine: every key has a default.
 *
 * <p>The folder is {@code MERIDIAN_CONF_DIR} (default {@code conf}); the profile is
 * {@code MERIDIAN_PROFILE} (none by default, so production reads only the base file).
 */
public final class ConfigLoader {

    private static final Logger LOG = LoggerFactory.getLogger(ConfigLoader.class);

    private ConfigLoader() {
    }

    public static String profile(Map<String, String> env) {
        return env.getOrDefault("MERIDIAN_PROFILE", "");
    }

    /**
     * Only what the profile's own file sets, as a tree (empty without a profile or file). The
     * developer run uses it to tell endpoints someone configured from the base file's defaults.
     */
    public static Future<MeridianConfig> profileFileOnly(Vertx vertx, Map<String, String> env) {
        Path file = Path.of(env.getOrDefault("MERIDIAN_CONF_DIR", "conf"))
            .resolve("meridian-" + profile(env) + ".yaml");
        if (profile(env).isBlank() || !Files.exists(file)) {
            return Future.succeededFuture(MeridianConfig.of(new JsonObject()));
        }
        ConfigRetriever retriever = ConfigRetriever.create(vertx, new ConfigRetrieverOptions()
            .setIncludeDefaultStores(false)
            .addStore(new ConfigStoreOptions().setType("file").setFormat("yaml")
                .setConfig(new JsonObject().put("path", file.toString()))));
        return retriever.getConfig().eventually(retriever::close).map(MeridianConfig::of);
    }

    public static Future<MeridianConfig> load(Vertx vertx, Map<String, String> env) {
        Path dir = Path.of(env.getOrDefault("MERIDIAN_CONF_DIR", "conf"));
        String profile = profile(env);
        List<Path> files = new ArrayList<>();
        files.add(dir.resolve("meridian.yaml"));
        if (!profile.isBlank()) {
            Path profileFile = dir.resolve("meridian-" + profile + ".yaml");
            if (!Files.exists(profileFile)) {
                return Future.failedFuture("profile '" + profile + "' has no file " + profileFile.toAbsolutePath());
            }
            files.add(profileFile);
        }
        ConfigRetrieverOptions options = new ConfigRetrieverOptions().setIncludeDefaultStores(false);
        for (Path file : files) {
            options.addStore(new ConfigStoreOptions()
                .setType("file").setFormat("yaml").setOptional(true)
                .setConfig(new JsonObject().put("path", file.toString())));
        }
        ConfigRetriever retriever = ConfigRetriever.create(vertx, options);
        return retriever.getConfig()
            .eventually(retriever::close)
            .map(yaml -> {
                MeridianConfig config = MeridianConfig.withOverrides(yaml, env);
                config.unknownPaths().forEach(p -> LOG.warn("configuration key '{}' is not one Meridian knows; ignored", p));
                config.formerNamesUsed().forEach(renamed -> LOG.warn("configuration key renamed, the old name still works: {}",
                    renamed));
                LOG.info("configuration loaded from {} (profile '{}')", files, profile.isBlank() ? "none" : profile);
                return config;
            });
    }
}
