package com.layers.telemetry.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The operator's calls the tools make before a run: a project with SDK apps, destinations, a partner key. */
final class AdminApi {
    private static final Pattern TOKEN = Pattern.compile("\"token\":\"([^\"]+)\"");
    private final HttpClient http =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final String baseUrl;
    private final String adminKey;

    AdminApi(String baseUrl, Path adminKeyFile) throws Exception {
        this.baseUrl = baseUrl;
        this.adminKey = Files.readString(adminKeyFile).trim();
    }

    /** The project with SDK apps {@code app_bench_0 … app_bench_(apps-1)}. */
    void project(String projectId, String name, int apps) throws Exception {
        send("POST", "/v1/admin/projects", "{\"id\":\"" + projectId + "\",\"name\":\"" + name + "\"}", 201);
        for (int i = 0; i < apps; i++) {
            send(
                    "POST",
                    "/v1/admin/projects/" + projectId + "/sdk-apps",
                    "{\"id\":\"app_bench_" + i + "\",\"name\":\"Bench " + i + "\",\"platform\":\"ios\"}",
                    201);
        }
    }

    void put(String path, String json) throws Exception {
        send("PUT", path, json, 200);
    }

    /** A day-long key with {@code scopes} (space-separated) for the project. */
    String key(String projectId, String scopes) throws Exception {
        String body = send(
                "POST",
                "/v1/admin/keys",
                "{\"scopes\":[\"" + String.join("\",\"", scopes.split(" ")) + "\"]," + "\"projects\":[\"" + projectId
                        + "\"],\"expiresInDays\":1}",
                201);
        Matcher m = TOKEN.matcher(body);
        if (!m.find()) {
            throw new IllegalStateException("no token in " + body);
        }
        return m.group(1);
    }

    /** Any admin call; the answer's body, or an exception when the status is not {@code expected}. */
    String send(String method, String path, String json, int expected) throws Exception {
        HttpResponse<String> r = http.send(
                HttpRequest.newBuilder(URI.create(baseUrl + path))
                        .header("Authorization", "Bearer " + adminKey)
                        .header("Content-Type", "application/json")
                        .method(
                                method,
                                json.isEmpty()
                                        ? HttpRequest.BodyPublishers.noBody()
                                        : HttpRequest.BodyPublishers.ofString(json))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != expected) {
            throw new IllegalStateException(method + " " + path + " -> " + r.statusCode() + " " + r.body());
        }
        return r.body();
    }
}
