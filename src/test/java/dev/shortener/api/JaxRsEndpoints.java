package dev.shortener.api;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import jakarta.ws.rs.HttpMethod;

import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * The JAX-RS endpoints of the application's classes ({@code target/classes}), as {@code "GET /jobs/{id}"}, found by
 * reflection so that a new resource method cannot be left out of the contract. Methods marked
 * {@code @Operation(hidden = true)} (the web pages) are not part of the API.
 */
final class JaxRsEndpoints {

    private JaxRsEndpoints() {
    }

    static Set<String> of(String rootPackage) {
        Path classes = Path.of("target", "classes");
        Set<String> endpoints = new TreeSet<>();
        try (Stream<Path> files = Files.walk(classes.resolve(rootPackage.replace('.', '/')))) {
            files.filter(file -> file.toString().endsWith(".class"))
                    .map(file -> classes.relativize(file).toString().replace('/', '.').replaceAll("\\.class$", ""))
                    .map(JaxRsEndpoints::load)
                    // Interfaces with @Path are REST clients of the upstreams, not endpoints of this service.
                    .filter(type -> !type.isInterface() && type.isAnnotationPresent(jakarta.ws.rs.Path.class))
                    .forEach(type -> add(type, endpoints));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return endpoints;
    }

    private static void add(Class<?> resource, Set<String> endpoints) {
        String base = resource.getAnnotation(jakarta.ws.rs.Path.class).value();
        for (Method method : resource.getDeclaredMethods()) {
            Operation operation = method.getAnnotation(Operation.class);
            if (operation != null && operation.hidden()) {
                continue;
            }
            for (var annotation : method.getAnnotations()) {
                HttpMethod verb = annotation.annotationType().getAnnotation(HttpMethod.class);
                if (verb != null) {
                    jakarta.ws.rs.Path sub = method.getAnnotation(jakarta.ws.rs.Path.class);
                    endpoints.add(verb.value() + " " + join(base, sub == null ? "" : sub.value()));
                }
            }
        }
    }

    private static String join(String base, String sub) {
        String path = ("/" + base + "/" + sub).replaceAll("/+", "/");
        return path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    }

    private static Class<?> load(String name) {
        try {
            return Class.forName(name, false, JaxRsEndpoints.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(e);
        }
    }
}
