package org.attentionlesson.web;

import freemarker.core.HTMLOutputFormat;
import freemarker.template.Configuration;
import freemarker.template.Template;
import freemarker.template.TemplateException;
import freemarker.template.TemplateExceptionHandler;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.StringWriter;
import java.io.Writer;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Freemarker pages from {@code src/main/resources/templates}. Every template is HTML output format, so every
 * {@code ${...}} is escaped unless a template explicitly marks a value as markup.
 */
public final class Templates {
    private final Configuration freemarker;
    private final Messages messages;

    public Templates(Messages messages) {
        this.messages = messages;
        freemarker = new Configuration(Configuration.VERSION_2_3_34);
        freemarker.setClassForTemplateLoading(Templates.class, "/templates");
        freemarker.setDefaultEncoding("UTF-8");
        freemarker.setOutputFormat(HTMLOutputFormat.INSTANCE);
        freemarker.setRecognizeStandardFileExtensions(true);
        freemarker.setTemplateExceptionHandler(TemplateExceptionHandler.RETHROW_HANDLER);
        freemarker.setLogTemplateExceptions(false);
        freemarker.setWrapUncheckedExceptions(true);
        freemarker.setFallbackOnNullLoopVariable(false);
    }

    public Messages messages() {
        return messages;
    }

    /** Renders {@code name} (e.g. {@code "error.ftlh"}) with the model plus {@code t} (the message bundle). */
    public String render(String name, Map<String, ?> model, Locale locale) {
        StringWriter out = new StringWriter(4096);
        render(name, model, locale, out);
        return out.toString();
    }

    public void render(String name, Map<String, ?> model, Locale locale, Writer out) {
        Map<String, Object> full = new HashMap<>(model);
        full.putIfAbsent("t", messages.bundle(locale));
        full.putIfAbsent("lang", locale.toLanguageTag());
        try {
            Template template = freemarker.getTemplate(name, locale);
            template.process(full, out);
        } catch (IOException | TemplateException e) {
            throw new IllegalStateException("Template " + name + " failed", e);
        }
    }

    public void send(HttpServletResponse resp, int status, String name, Map<String, ?> model, Locale locale)
            throws IOException {
        String html = render(name, model, locale);
        resp.setStatus(status);
        resp.setContentType("text/html;charset=UTF-8");
        resp.setHeader("Cache-Control", "no-store");
        resp.getWriter().write(html);
    }
}
