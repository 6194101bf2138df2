package sitrep.opensearch;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

import org.opensearch.analysis.common.CommonAnalysisPlugin;
import org.opensearch.common.logging.LogConfigurator;
import org.opensearch.common.settings.Settings;
import org.opensearch.env.Environment;
import org.opensearch.node.InternalSettingsPreparer;
import org.opensearch.node.Node;
import org.opensearch.plugins.Plugin;
import org.opensearch.transport.Netty4Plugin;

/**
 * Starts one OpenSearch node in this JVM with the netty4 transport and the
 * common analysis module (stemmers, stop words, the language analyzers'
 * filters) loaded from the classpath. Each node of a local cluster is its own
 * JVM with its own home folder and loopback ports.
 *
 * <pre>
 * java -cp 'target/classes:target/lib/*' sitrep.opensearch.Launcher \
 *   --name node-0 --home /tmp/os/node-0 --http 9200 --transport 9300 \
 *   --seeds 127.0.0.1:9300,127.0.0.1:9301,127.0.0.1:9302 \
 *   --managers node-0,node-1,node-2
 * </pre>
 */
public final class Launcher {

    /** Node exposes the constructor that takes classpath plugins only to subclasses. */
    static final class ClasspathNode extends Node {
        ClasspathNode(Environment env, Collection<Class<? extends Plugin>> plugins) {
            super(env, plugins, true);
        }
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> opts = parse(args);
        String name = require(opts, "name");
        Path home = Path.of(require(opts, "home")).toAbsolutePath();
        Files.createDirectories(home.resolve("config"));
        Files.createDirectories(home.resolve("data"));
        Files.createDirectories(home.resolve("logs"));

        Settings.Builder b = Settings.builder()
            .put("cluster.name", opts.getOrDefault("cluster", "sitrep-dev"))
            .put("node.name", name)
            .put("path.home", home.toString())
            .put("path.data", home.resolve("data").toString())
            .put("path.logs", home.resolve("logs").toString())
            .put("network.host", opts.getOrDefault("host", "127.0.0.1"))
            .put("http.port", require(opts, "http"))
            .put("transport.port", require(opts, "transport"))
            .put("http.type", "netty4")
            .put("transport.type", "netty4")
            // A development cluster shares one disk with everything else on
            // the machine: do not refuse shards because that disk is full-ish.
            .put("cluster.routing.allocation.disk.threshold_enabled", false)
            .put("action.auto_create_index", false);
        String seeds = opts.get("seeds");
        if (seeds != null) {
            b.putList("discovery.seed_hosts", Arrays.asList(seeds.split(",")));
        }
        String managers = opts.get("managers");
        if (managers != null) {
            b.putList("cluster.initial_cluster_manager_nodes", Arrays.asList(managers.split(",")));
        } else {
            b.put("discovery.type", "single-node");
        }

        Environment env = InternalSettingsPreparer.prepareEnvironment(
            b.build(), Map.of(), home.resolve("config"), () -> name);
        LogConfigurator.configureWithoutConfig(env.settings());
        LogConfigurator.setNodeName(name);

        List<Class<? extends Plugin>> plugins = List.of(Netty4Plugin.class, CommonAnalysisPlugin.class);
        Node node = new ClasspathNode(env, plugins);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                node.close();
            } catch (Exception e) {
                System.err.println("closing node " + name + ": " + e);
            } finally {
                stopped.countDown();
            }
        }, "sitrep-node-shutdown"));
        node.start();
        System.out.println("node " + name + " started: http " + opts.get("http") + ", transport " + opts.get("transport"));
        stopped.await();
    }

    private static Map<String, String> parse(String[] args) {
        Map<String, String> out = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (!a.startsWith("--") || i + 1 >= args.length) {
                throw new IllegalArgumentException("expected --key value pairs, got " + a);
            }
            out.put(a.substring(2), args[++i]);
        }
        return out;
    }

    private static String require(Map<String, String> opts, String key) {
        String v = opts.get(key);
        if (v == null || v.isEmpty()) {
            throw new IllegalArgumentException("missing --" + key);
        }
        return v;
    }
}
