/* The analytics charts, drawn with Chart.js from the page's data endpoint. Each chart's
   canvas names the table that holds its figures (aria-describedby), so the table is the
   text alternative; a chart that cannot be drawn leaves the tables as they are. */
(function () {
  "use strict";

  var holder = document.getElementById("charts");
  if (!holder || typeof Chart === "undefined") {
    return;
  }

  function draw(id, config) {
    var canvas = document.getElementById(id);
    if (!canvas) {
      return;
    }
    config.options = Object.assign(
      { responsive: true, maintainAspectRatio: false, animation: false },
      config.options || {}
    );
    new Chart(canvas, config);
    canvas.setAttribute("data-drawn", "true");
  }

  fetch(holder.getAttribute("data-url"), { credentials: "same-origin" })
    .then(function (response) {
      if (!response.ok) {
        throw new Error("analytics data: " + response.status);
      }
      return response.json();
    })
    .then(function (data) {
      var labels = holder.dataset;
      if (data.coverage) {
        // HR's training coverage (learning/hr): people per level, and each group's figures.
        draw("chart-coverage-levels", {
          type: "bar",
          data: {
            labels: data.coverage.levels.labels,
            datasets: [{ label: labels.people, data: data.coverage.levels.people }]
          }
        });
        draw("chart-coverage-groups", {
          type: "bar",
          data: {
            labels: data.coverage.groups.labels,
            datasets: [
              { label: labels.employees, data: data.coverage.groups.employees },
              { label: labels.completed, data: data.coverage.groups.completed_path },
              { label: labels.acknowledged, data: data.coverage.groups.acknowledged },
              { label: labels.overdue, data: data.coverage.groups.overdue }
            ]
          }
        });
        return;
      }
      if (data.impact) {
        // The training-to-sharing impact page (learning/analytics/impact.py): the share who
        // shared within 30 and 90 days, path completed or not, by level and by department.
        ["levels", "departments"].forEach(function (name) {
          var series = data.impact[name];
          draw("chart-impact-" + name, {
            type: "bar",
            data: {
              labels: series.labels,
              datasets: [
                { label: labels.completedShort, data: series.completed_short },
                { label: labels.othersShort, data: series.others_short },
                { label: labels.completedLong, data: series.completed_long },
                { label: labels.othersLong, data: series.others_long }
              ]
            },
            options: { scales: { y: { min: 0, max: 100 } } }
          });
        });
        return;
      }
      if (data.health) {
        // The programme's health page (learning/programme): sharers and events per month.
        draw("chart-health", {
          type: "line",
          data: {
            labels: data.health.labels,
            datasets: [
              { label: labels.active, data: data.health.active },
              { label: labels.firstTime, data: data.health.first_time },
              { label: labels.lapsed, data: data.health.lapsed },
              { label: labels.events, data: data.health.events }
            ]
          }
        });
        return;
      }
      draw("chart-networks", {
        type: "bar",
        data: {
          labels: data.networks.labels,
          datasets: [{ label: labels.clicks, data: data.networks.clicks }]
        }
      });
      draw("chart-weeks", {
        type: "line",
        data: {
          labels: data.weeks.labels,
          datasets: [
            { label: labels.shares, data: data.weeks.shares },
            { label: labels.clicks, data: data.weeks.clicks }
          ]
        }
      });
      draw("chart-types", {
        type: "bar",
        data: {
          labels: data.types.labels,
          datasets: [
            { label: labels.shares, data: data.types.shares },
            { label: labels.clicks, data: data.types.clicks },
            { label: labels.conversions, data: data.types.conversions }
          ]
        }
      });
    })
    .catch(function (error) {
      holder.textContent = holder.getAttribute("data-failed");
      console.warn(error);
    });
})();
