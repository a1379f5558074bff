package io.chuangguan.common;

import java.util.List;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;

/**
 * History-mode routing of the phone app: a browser navigation to one of its routes (/map, /attempts/42, a reload
 * on any screen) gets the app shell at /, whose router shows the screen. The REST layer answers every unknown path
 * with a 404 before Quinoa's own SPA fallback would run, so this comes first. Only navigations are rerouted (they
 * accept text/html); API calls, files (a name with an extension), the backend's paths and the Vite dev server's
 * /@ modules are left alone. Navigations under /console/ get the console's shell instead, whose router shows the page.
 */
@ApplicationScoped
public class AppShellRouting {

    private static final List<String> BACKEND_PREFIXES = List.of("/api/", "/q/", "/certificates/", "/verify/", "/images/", "/@");
    private static final Pattern FILE = Pattern.compile(".*/[^/]+\\.[A-Za-z0-9]+$");

    void route(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE + 100).handler(rc -> {
            String path = rc.normalizedPath();
            HttpMethod method = rc.request().method();
            String accept = rc.request().getHeader(HttpHeaders.ACCEPT);
            boolean navigation = (method == HttpMethod.GET || method == HttpMethod.HEAD) && accept != null && accept.contains("text/html");
            if (navigation && isConsoleRoute(path)) {
                rc.reroute(CONSOLE);
            } else if (navigation && isAppRoute(path)) {
                rc.reroute("/");
            } else {
                rc.next();
            }
        });
    }

    /** The console's shell: its own entry of the frontend build, with its own router under this prefix. */
    static final String CONSOLE = "/console/";

    /** /console and every route under it but the shell itself and files (the console's assets live under /assets). */
    static boolean isConsoleRoute(String path) {
        return (path.equals("/console") || path.startsWith(CONSOLE)) && !path.equals(CONSOLE) && !FILE.matcher(path).matches();
    }

    static boolean isAppRoute(String path) {
        return !path.equals("/") && !path.equals("/console") && !path.startsWith(CONSOLE) && BACKEND_PREFIXES.stream().noneMatch(p -> path.startsWith(p) || path.equals(p.substring(0, p.length() - 1)))
                && !FILE.matcher(path).matches();
    }
}
