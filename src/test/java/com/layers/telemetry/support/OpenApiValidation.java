package com.layers.telemetry.support;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.report.LevelResolver;
import com.atlassian.oai.validator.report.ValidationReport;
import com.atlassian.oai.validator.restassured.OpenApiValidationFilter;
import io.restassured.RestAssured;
import io.restassured.filter.Filter;

/**
 * Every response the HTTP tests receive through {@link Api} is checked against the document the service serves at
 * {@code /q/openapi} (Atlassian's swagger-request-validator): a status, header or body field that drifts from the
 * document fails the test that received it. Requests are not checked: tests send invalid ones on purpose.
 */
public final class OpenApiValidation {
    private static volatile Filter filter;

    private OpenApiValidation() {}

    public static Filter filter() {
        if (filter == null) {
            synchronized (OpenApiValidation.class) {
                if (filter == null) {
                    String document = RestAssured.given()
                            .accept("application/json")
                            .get("/q/openapi")
                            .then()
                            .statusCode(200)
                            .extract()
                            .asString();
                    filter = new OpenApiValidationFilter(
                            OpenApiInteractionValidator.createForInlineApiSpecification(document)
                                    .withLevelResolver(LevelResolver.create()
                                            .withLevel("validation.request", ValidationReport.Level.IGNORE)
                                            .build())
                                    .build());
                }
            }
        }
        return filter;
    }
}
