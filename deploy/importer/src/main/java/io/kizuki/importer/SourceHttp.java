package io.kizuki.importer;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.kizuki.importer.SourceFiles.Recorded;

/** GETs of a source's API with its credential header; anything but 200 stops the read (nothing is sent to Kizuki). */
final class SourceHttp {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http;
    private final URI base;
    private final String source;
    private final String[] headers;

    /**
     * @param headers name, value, name, value…: the credential and the media type the API wants
     */
    SourceHttp(HttpClient http, URI base, String source, String... headers) {
        this.http = http;
        this.base = base;
        this.source = source;
        this.headers = headers.clone();
    }

    /** GETs {@code request} (a path and query on the API's host) and records the answer under {@code path}. */
    Recorded get(String path, String request) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(base.resolve(request))
                        .headers(headers)
                        .timeout(Duration.ofSeconds(30))
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException(source + " answered " + response.statusCode() + " to GET " + request);
        }
        return new Recorded(path, JSON.readTree(response.body()));
    }
}
