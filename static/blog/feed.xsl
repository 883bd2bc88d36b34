<?xml version="1.0" encoding="utf-8"?>
<!-- Shows the blog's RSS feed (/blog/feed/) as a page for people who open it in
     a browser: what a feed is, how to use it, and the latest posts. Feed readers
     ignore it. No inline styles or scripts: the site's CSP forbids them. -->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:atom="http://www.w3.org/2005/Atom"
    xmlns:dc="http://purl.org/dc/elements/1.1/"
    exclude-result-prefixes="atom dc">
  <xsl:output method="html" encoding="utf-8" indent="yes" doctype-system="about:legacy-compat"/>

  <xsl:template match="/rss/channel">
    <html lang="en-GB">
      <head>
        <meta charset="utf-8"/>
        <meta name="viewport" content="width=device-width, initial-scale=1"/>
        <meta name="robots" content="noindex"/>
        <title>Our blog's feed | Social Care Future</title>
        <link rel="icon" href="/favicon.ico" sizes="48x48"/>
        <link rel="stylesheet" href="/static/css/site.css"/>
      </head>
      <body class="feed-page">
        <a class="skip-link" href="#main">Skip to main content</a>
        <header class="site-header">
          <div class="site-header__inner">
            <a class="site-header__brand" href="/">
              <span class="site-header__logo" aria-hidden="true">#</span>
              <span class="site-header__name">Social Care Future</span>
            </a>
          </div>
        </header>
        <main id="main" tabindex="-1" class="page-body feed">
          <div class="feed__about">
            <p class="page-header__label">Feed</p>
            <h1>This is the feed of our blog</h1>
            <p class="lead">A feed lets you follow our new posts without visiting this site. It is meant for an app called a feed reader, so this page looks plain.</p>
            <h2>How to use it</h2>
            <ol class="feed__steps">
              <li>Open a feed reader app. Many news and podcast apps can read feeds too.</li>
              <li>Choose "add a feed" or "subscribe".</li>
              <li>Copy this address and paste it in:
                <span class="feed__address"><xsl:value-of select="atom:link[@rel='self']/@href"/></span>
              </li>
            </ol>
            <p>New posts then come to your app by themselves. You can stop at any time in the app.</p>
            <p>Would you rather have an email? <a href="/mailing-list/">Join our mailing list</a>: about one email a month.</p>
          </div>
          <section class="feed__latest" aria-labelledby="feed-latest">
            <h2 id="feed-latest">The latest posts</h2>
            <ul class="feed__items">
              <xsl:for-each select="item">
                <li class="feed__item">
                  <h3 class="feed__title"><a href="{link}"><xsl:value-of select="title"/></a></h3>
                  <p class="feed__meta">
                    <xsl:value-of select="substring(pubDate, 6, 11)"/>
                    <xsl:if test="dc:creator"> · By <xsl:value-of select="dc:creator"/></xsl:if>
                  </p>
                  <p class="feed__summary"><xsl:value-of select="description"/></p>
                </li>
              </xsl:for-each>
            </ul>
            <p><a class="button" href="{link}">See every post on our blog</a></p>
          </section>
        </main>
      </body>
    </html>
  </xsl:template>

  <xsl:template match="/">
    <xsl:apply-templates select="rss/channel"/>
  </xsl:template>
</xsl:stylesheet>
