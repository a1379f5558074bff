// ECharts on demand: the core with only the chart types and components the console draws (bar and line charts with
// axes, tooltips and legends), about a third of the full build. Imported only by the pages with charts (lazy chunks).
import { init, use } from 'echarts/core'
import { BarChart, LineChart } from 'echarts/charts'
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components'
import { CanvasRenderer } from 'echarts/renderers'

use([BarChart, LineChart, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer])

export { init }
